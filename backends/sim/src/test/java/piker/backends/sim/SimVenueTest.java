package piker.backends.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.sim.client.SimDataClient;
import piker.backends.sim.client.VenueConnection;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueSettings;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.SymbolMatch;
import piker.contracts.market.Tick;
import piker.contracts.spi.DataClient;

/** The venue and the backend's client over a real loopback websocket. */
class SimVenueTest {
  @TempDir
  Path dir;
  private SimVenue venue;
  private SimDataClient client;

  @BeforeEach
  void start() throws Exception {
    venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir, 42, 0, Clock.systemUTC()), true);
    client = SimDataClient.connect(venue.address()).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    client.close();
    venue.close();
  }

  /** Collects what a subscription delivers. */
  static final class Collector implements DataClient.QuoteListener {
    final LinkedBlockingQueue<Quote> quotes = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<RemoteError> errors = new LinkedBlockingQueue<>();

    @Override
    public void onQuotes(List<Quote> batch) {
      quotes.addAll(batch);
    }

    @Override
    public void onError(RemoteError error) {
      errors.add(error);
    }

    Quote next(long seconds) throws InterruptedException {
      Quote quote = quotes.poll(seconds, TimeUnit.SECONDS);
      assertTrue(quote != null, "no quote within " + seconds + " s");
      return quote;
    }
  }

  private void push(String address, String market, String type, String price, String size) throws Exception {
    VenueConnection pusher = VenueConnection.open(address, event -> { }, error -> { }).get(5, TimeUnit.SECONDS);
    try {
      ObjectNode request = pusher.json().object().put("op", "push").put("market", market).put("type", type)
          .put("price", price).put("size", size);
      pusher.request(request).get(5, TimeUnit.SECONDS);
    } finally {
      pusher.close();
    }
  }

  @Test
  void aQuietMarketSitsAtItsReferenceAndPushedTicksArriveExactly() throws Exception {
    Collector collector = new Collector();
    client.subscribe(Set.of("solusdt.spot"), collector);
    Quote startup = collector.next(5);
    assertEquals(new BigDecimal("150.000"), startup.last(), "in the market's scale (tick 0.001)");
    assertEquals(new BigDecimal("149.999"), startup.bid());
    assertEquals(new BigDecimal("150.001"), startup.ask());

    push(venue.address(), "solusdt.spot", "trade", "151.234", "0.500");
    Quote trade = collector.next(5);
    assertEquals(List.of(new Tick("trade", new BigDecimal("151.234"), new BigDecimal("0.500"))), trade.ticks());
    assertEquals(new BigDecimal("151.234"), trade.last());
    push(venue.address(), "solusdt.spot", "ask", "151.240", "7");
    assertEquals(new BigDecimal("151.240"), collector.next(5).ask());
    assertTrue(Files.readString(dir.resolve("tape").resolve("solusdt.spot.jsonl")).contains("\"151.234\""),
        "pushed ticks are on the tape");
  }

  @Test
  void marketInfoAndSearchComeFromTheCatalogue() throws Exception {
    MktPair btc = client.mktInfo("btcusdt.spot").toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals("0.01", btc.priceTick().toPlainString());
    assertEquals("0.00001", btc.sizeTick().toPlainString());
    assertEquals("0.001", btc.takerFee().toPlainString());
    List<SymbolMatch> matches = client.search("mnq", 5).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals("mnq.cme.20261218.sim", matches.get(0).fqme().toString());
  }

  @Test
  void venueErrorsComeBackBoxed() {
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> client.mktInfo("nope.spot").toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertEquals("UnknownMarket", assertInstanceOf(RemoteException.class, error.getCause()).error().type());
    ExecutionException offTick = assertThrows(ExecutionException.class,
        () -> push(venue.address(), "solusdt.spot", "trade", "151.2345", "1"));
    assertEquals("BadRequest", assertInstanceOf(RemoteException.class, offTick.getCause()).error().type());
  }

  @Test
  void aRestartedVenueIsReconnectedAndSubscriptionsRestored() throws Exception {
    int port = Integer.parseInt(venue.address().substring(venue.address().lastIndexOf(':') + 1));
    Collector collector = new Collector();
    client.subscribe(Set.of("ethusdt.spot"), collector);
    collector.next(5);
    venue.close();
    RemoteError lost = collector.errors.poll(5, TimeUnit.SECONDS);
    assertEquals("VenueDisconnected", lost == null ? null : lost.type());
    venue = SimVenue.start(new VenueSettings("127.0.0.1", port, dir, 42, 0, Clock.systemUTC()), false);
    Quote restored = collector.next(5);
    assertEquals(new BigDecimal("3000.00"), restored.last(), "the restored subscription's snapshot");
    push(venue.address(), "ethusdt.spot", "trade", "3001.00", "1");
    assertEquals(new BigDecimal("3001.00"), collector.next(5).last());
  }

  @Test
  void theWalkMovesLiveMarketsAtTheTickRate(@TempDir Path other) throws Exception {
    try (SimVenue walking = SimVenue.start(new VenueSettings("127.0.0.1", 0, other, 42, 50, Clock.systemUTC()),
        false)) {
      SimDataClient live = SimDataClient.connect(walking.address()).get(10, TimeUnit.SECONDS);
      try {
        Collector collector = new Collector();
        live.subscribe(Set.of("btcusdt.spot"), collector);
        collector.next(5);
        Quote moved = collector.next(5);
        assertEquals("trade", moved.ticks().get(0).type());
        assertTrue(Map.of("ticks", moved.ticks()).get("ticks").size() >= 3);
      } finally {
        live.close();
      }
    }
  }
}
