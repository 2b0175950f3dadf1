package piker.backends.sim.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import piker.contracts.market.Tick;
import piker.contracts.names.Fqme;
import piker.contracts.spi.DataClient;

/** The data side of the sim backend: the venue's websocket API translated into the SPI. */
public final class SimDataClient implements DataClient {
  private static final String BROKER = "sim";

  private final Map<String, List<QuoteListener>> listeners = new ConcurrentHashMap<>();
  private volatile VenueConnection connection;
  private volatile CompletableFuture<List<JsonNode>> markets;

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
    connection.subscribe(bsFqmes).whenComplete((result, error) -> {
      if (error != null) {
        listener.onError(RemoteError.of(error, "sim backend"));
        return;
      }
      List<Quote> snapshots = new ArrayList<>();
      result.path("snapshots").forEach(snapshot -> snapshots.add(toQuote(snapshot)));
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
    return connection.request(connection.json().object().put("op", "klines").put("market", bsFqme)
            .put("period", periodSeconds).put("end", endTime).put("count", count))
        .thenApply(result -> {
          List<Bar> bars = new ArrayList<>(result.size());
          for (JsonNode bar : result) {
            bars.add(new Bar(bar.path("time").asLong(), VenueJson.decimal(bar, "open"), VenueJson.decimal(bar, "high"),
                VenueJson.decimal(bar, "low"), VenueJson.decimal(bar, "close"), VenueJson.decimal(bar, "volume")));
          }
          return bars;
        });
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
    List<QuoteListener> list = listeners.get(event.path("market").asText());
    if (list == null || list.isEmpty()) {
      return;
    }
    List<Quote> quotes = List.of(toQuote(event));
    list.forEach(listener -> listener.onQuotes(quotes));
  }

  private void onError(RemoteError error) {
    listeners.values().stream().flatMap(List::stream).distinct().forEach(listener -> listener.onError(error));
  }

  static Quote toQuote(JsonNode event) {
    List<Tick> ticks = new ArrayList<>();
    for (JsonNode tick : event.path("ticks")) {
      ticks.add(new Tick(tick.path("type").asText(), VenueJson.decimal(tick, "price"), VenueJson.decimal(tick, "size")));
    }
    return new Quote(Fqme.parse(event.path("market").asText() + "." + BROKER), event.path("time_ns").asLong(),
        optional(event, "last"), optional(event, "bid"), optional(event, "ask"), ticks);
  }

  private static BigDecimal optional(JsonNode node, String field) {
    return node.hasNonNull(field) ? VenueJson.decimal(node, field) : null;
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
    VenueConnection current = connection;
    if (current != null) {
      current.close();
    }
  }
}
