package piker.backends.sim.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import piker.backends.sim.venue.VenueJson;
import piker.contracts.RemoteError;
import piker.contracts.market.Asset;
import piker.contracts.market.Bar;
import piker.contracts.market.FuzzyMatch;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.SymbolMatch;
import piker.contracts.names.Fqme;
import piker.contracts.spi.DataClient;

/** The data side of the sim backend: the venue's websocket API translated into the SPI. */
public final class SimDataClient implements DataClient {
  private static final String BROKER = "sim";

  private final Map<String, List<QuoteListener>> listeners = new ConcurrentHashMap<>();
  private final Map<String, Quote.Builder> makers = new ConcurrentHashMap<>();
  private volatile VenueConnection connection;
  private volatile CompletableFuture<List<JsonNode>> markets;
  private CompletableFuture<VenueConnection> historyLink;
  private boolean closed;

  private SimDataClient() {}

  /** Connects to the venue at HOST:PORT. */
  public static CompletableFuture<SimDataClient> connect(String address) {
    SimDataClient client = new SimDataClient();
    return VenueConnection.open(address, client::onEvent, client::onError).thenApply(connection -> {
      client.connection = connection;
      return client;
    });
  }

  @Override
  public CompletionStage<MktPair> mktInfo(String bsFqme) {
    return connection.request(connection.json().object().put("op", "market").put("market", bsFqme))
        .thenApply(SimDataClient::toMktPair);
  }

  @Override
  public CompletionStage<List<SymbolMatch>> search(String pattern, int limit) {
    return markets().thenApply(all -> FuzzyMatch.rank(pattern, all, market -> market.path("market").asText(), limit)
        .stream()
        .map(market -> {
          String key = market.path("market").asText();
          return new SymbolMatch(Fqme.parse(key + "." + BROKER), BROKER, FuzzyMatch.score(pattern, key));
        })
        .toList());
  }

  /** The catalogue, fetched once per client and kept: a venue's listing changes rarely. */
  private CompletableFuture<List<JsonNode>> markets() {
    CompletableFuture<List<JsonNode>> cached = markets;
    if (cached == null || cached.isCompletedExceptionally()) {
      cached = connection.request(connection.json().object().put("op", "markets")).thenApply(result -> {
        List<JsonNode> list = new ArrayList<>();
        result.forEach(list::add);
        return List.copyOf(list);
      });
      markets = cached;
    }
    return cached;
  }

  @Override
  public QuoteSubscription subscribe(Set<String> bsFqmes, QuoteListener listener) {
    for (String market : bsFqmes) {
      listeners.computeIfAbsent(market, key -> new CopyOnWriteArrayList<>()).add(listener);
    }
    knowScales(bsFqmes).thenCompose(known -> connection.subscribe(bsFqmes)).whenComplete((result, error) -> {
      if (error != null) {
        listener.onError(RemoteError.of(error, "sim backend"));
        return;
      }
      List<Quote> snapshots = new ArrayList<>();
      result.path("snapshots").forEach(snapshot ->
          snapshots.addAll(SimQuotes.toQuotes(snapshot, makers.get(snapshot.path("market").asText()))));
      listener.onQuotes(snapshots);
    });
    return () -> {
      Set<String> unwatched = new java.util.HashSet<>();
      for (String market : bsFqmes) {
        List<QuoteListener> list = listeners.get(market);
        if (list != null && list.remove(listener) && list.isEmpty()) {
          unwatched.add(market);
        }
      }
      if (!unwatched.isEmpty()) {
        connection.unsubscribe(unwatched);
      }
    };
  }

  @Override
  public CompletionStage<List<Bar>> bars(String bsFqme, int periodSeconds, long endTime, int count) {
    return klines(klinesRequest(bsFqme, periodSeconds, count).put("end", endTime))
        .thenApply(result -> {
          List<Bar> bars = new ArrayList<>(result.size());
          result.forEach(bar -> bars.add(toBar(bar)));
          return bars;
        });
  }

  /** The venue's klines from {@code since} forward: the last is the open one, stamped with its cut-off. */
  @Override
  public CompletionStage<Optional<RecentBars>> recentBars(String bsFqme, int periodSeconds, long since) {
    return klines(klinesRequest(bsFqme, periodSeconds, historyFrame()).put("start", since)).thenApply(result -> {
      JsonNode open = result.isEmpty() ? null : result.get(result.size() - 1);
      if (open == null || !open.hasNonNull("as_of_ns")) {
        return Optional.empty(); // no open kline in a frame from `since`: too far back to merge
      }
      List<Bar> bars = new ArrayList<>(result.size());
      result.forEach(bar -> bars.add(toBar(bar)));
      return Optional.of(new RecentBars(bars, open.path("as_of_ns").asLong()));
    });
  }

  private com.fasterxml.jackson.databind.node.ObjectNode klinesRequest(String bsFqme, int periodSeconds, int count) {
    return connection.json().object().put("op", "klines").put("market", bsFqme).put("period", periodSeconds)
        .put("count", count);
  }

  /**
   * History goes over a connection of its own, as a venue's REST API is apart from its stream: a frame
   * of 1,000 klines never queues in front of quotes, and a history timeout never reaches quote listeners.
   */
  private CompletableFuture<JsonNode> klines(com.fasterxml.jackson.databind.node.ObjectNode request) {
    return history().thenCompose(link -> link.request(request));
  }

  private synchronized CompletableFuture<VenueConnection> history() {
    if (closed) {
      return CompletableFuture.failedFuture(RemoteError.of("VenueDisconnected", "the sim data client is closed",
          "sim backend").toException());
    }
    if (historyLink == null || historyLink.isCompletedExceptionally()) {
      // its drops are the failed requests' business: they are not told to quote listeners
      historyLink = VenueConnection.open(connection.address(), event -> { }, error -> { });
    }
    return historyLink;
  }

  private static Bar toBar(JsonNode bar) {
    return new Bar(bar.path("time").asLong(), VenueJson.decimal(bar, "open"), VenueJson.decimal(bar, "high"),
        VenueJson.decimal(bar, "low"), VenueJson.decimal(bar, "close"), VenueJson.decimal(bar, "volume"));
  }

  @Override
  public int historyFrame() {
    return 1000;
  }

  /** The venue serves klines freely; 20 a second keeps a backfill from crowding out live traffic. */
  @Override
  public int historyRequestsPerSecond() {
    return 20;
  }

  private void onEvent(JsonNode event) {
    String market = event.path("market").asText();
    List<QuoteListener> list = listeners.get(market);
    Quote.Builder maker = makers.get(market);
    if (list == null || list.isEmpty() || maker == null) {
      return;
    }
    List<Quote> quotes = SimQuotes.toQuotes(event, maker);
    list.forEach(listener -> listener.onQuotes(quotes));
  }

  /**
   * Each market's quote maker (its one Fqme and its scales), made from its details before the venue is asked
   * for its quotes, so every quote is read in the market's scale from the first.
   */
  private CompletableFuture<Void> knowScales(Set<String> markets) {
    return CompletableFuture.allOf(markets.stream()
        .filter(market -> !makers.containsKey(market))
        .map(market -> mktInfo(market).thenAccept(pair -> makers.putIfAbsent(market, new Quote.Builder(pair)))
            .toCompletableFuture())
        .toArray(CompletableFuture[]::new));
  }

  private void onError(RemoteError error) {
    listeners.values().stream().flatMap(List::stream).distinct().forEach(listener -> listener.onError(error));
  }

  static MktPair toMktPair(JsonNode market) {
    String key = market.path("market").asText();
    BigDecimal sizeTick = VenueJson.decimal(market, "size_tick");
    BigDecimal priceTick = VenueJson.decimal(market, "price_tick");
    return new MktPair(Fqme.parse(key + "." + BROKER),
        new Asset(market.path("base").asText(), market.path("kind").asText().equals("spot") ? "crypto" : "derivative",
            sizeTick),
        new Asset(market.path("quote").asText(), "fiat-like", priceTick),
        priceTick, sizeTick, VenueJson.decimal(market, "taker_fee"), market.path("venue_id").asText());
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (historyLink != null) {
        historyLink.thenAccept(VenueConnection::close);
      }
    }
    VenueConnection current = connection;
    if (current != null) {
      current.close();
    }
  }
}
