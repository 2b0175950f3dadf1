package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.sim.client.VenueConnection;
import piker.contracts.ems.EmsProtocol;
import piker.e2e.support.SimSession;
import piker.pikerd.client.EmsConnection;
import piker.pikerd.client.PikerClient;
import piker.pikerd.runtime.RegistryAddress;

/**
 * The same orders on paper ({@code sim.paper}: paperboi, from datad's quotes) and live ({@code sim.main}:
 * brokerd, the sim venue's matching engine), side by side on one quiet market moved only by pushed ticks:
 * every fill is the same, price and size, and so are the positions. btcusdt.spot starts at bid 59999.99,
 * ask 60000.01.
 */
class PaperMatchesLiveE2ETest {
  private static final Duration FIRST_LIVE_ORDER = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String MARKET = "btcusdt.spot";
  private static final String FQME = MARKET + ".sim";

  @TempDir
  static Path configDir;
  private static SimSession sim;
  private static PikerClient client;
  private static EmsConnection ems;
  private static VenueConnection venue;
  private static final LinkedBlockingQueue<EmsProtocol.Event> events = new LinkedBlockingQueue<>();

  /** One fill as a client sees it, its decimals without trailing zeros so that equal fills are equal. */
  private record Fill(BigDecimal price, BigDecimal size) {
    Fill {
      price = price.stripTrailingZeros();
      size = size.stripTrailingZeros();
    }

    static Fill of(String price, String size) {
      return new Fill(new BigDecimal(price), new BigDecimal(size));
    }

    @Override
    public String toString() {
      return size.toPlainString() + "@" + price.toPlainString();
    }
  }

  /** What the client has heard of one order. */
  private static final class Trace {
    final List<Fill> fills = new ArrayList<>();
    BigDecimal filled = BigDecimal.ZERO;
    String resp = "";
    boolean resting;

    @Override
    public String toString() {
      return resp + (resting ? " resting" : "") + " " + fills;
    }
  }

  private static final Map<String, Trace> traces = new TreeMap<>();
  /** The last position per account in the market. */
  private static final Map<String, BigDecimal[]> positions = new TreeMap<>();

  @BeforeAll
  static void startPikerd() throws Exception {
    sim = SimSession.start(configDir, SimSession.QUIET_WITH_LIVE_ACCOUNT);
    Path brokers = configDir.resolve("brokers.toml");
    Files.writeString(brokers, "[sim]\napi_key = \"simkey-paper-vs-live-" + UUID.randomUUID() + "\"\n");
    Files.setPosixFilePermissions(brokers, PosixFilePermissions.fromString("rw-------"));
    client = PikerClient.connect(configDir, RegistryAddress.parse(sim.pikerd().address()), "WARNING", WAIT);
    ems = EmsConnection.open(client, List.of("sim.paper", "sim.main"), events::add, WAIT);
    String venueAddress = Files.readString(configDir.resolve("sim-venue/venue.address")).strip();
    venue = VenueConnection.open(venueAddress, event -> { }, error -> { }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopPikerd() throws Exception {
    if (venue != null) {
      venue.close();
    }
    if (ems != null) {
      ems.close();
    }
    if (client != null) {
      client.close();
    }
    sim.close();
  }

  @Test
  void theSameOrdersFillAtTheSamePricesAndSizesOnPaperAndLive() throws Exception {
    // a buy below the ask rests on both
    place("1", "buy", "50000", "0.002");
    await(FIRST_LIVE_ORDER, "1 resting", () -> resting("1"));
    // the touch shows its sizes, then a trade prints far through the book: the resting buy is a maker
    // at its own limit (not at the print), for the print's size
    push("bid", "59999.99", "0.003");
    push("ask", "60000.01", "0.003");
    push("trade", "0.01", "0.001");
    awaitSameFills("1", 1);
    // a buy through the ask takes what the ask shows, at the ask; the rest rests at its limit
    place("2", "buy", "60000.05", "0.005");
    awaitSameFills("2", 1);
    // a sell through the bid takes at the bid
    place("3", "sell", "59000", "0.001");
    awaitSameFills("3", 1);
    // the ask's size is used up: a buy at the ask rests
    place("4", "buy", "60000.01", "0.001");
    await(WAIT, "4 resting", () -> resting("4"));
    // a new ask below a resting buy's limit fills it at its limit
    push("ask", "60000.02", "0.01");
    awaitSameFills("2", 2);
    // a trade through two resting buys fills the better limit first, each at its own limit
    push("trade", "49999", "0.01");
    awaitSameFills("4", 1);
    awaitSameFills("1", 2);

    await(WAIT, "every order closed on both", () -> List.of("1", "2", "3", "4").stream()
        .allMatch(n -> trace("p" + n).resp.equals("closed") && trace("l" + n).resp.equals("closed")));
    // what the venue did, by its rules (docs/clearing.md), and paper the same
    assertEquals(List.of(Fill.of("50000", "0.001"), Fill.of("50000", "0.001")), trace("l1").fills);
    assertEquals(List.of(Fill.of("60000.01", "0.003"), Fill.of("60000.05", "0.002")), trace("l2").fills);
    assertEquals(List.of(Fill.of("59999.99", "0.001")), trace("l3").fills);
    assertEquals(List.of(Fill.of("60000.01", "0.001")), trace("l4").fills);
    for (String n : List.of("1", "2", "3", "4")) {
      assertEquals(trace("l" + n).fills, trace("p" + n).fills, "order " + n + ": " + traces);
    }
    await(WAIT, "the same position on both", () -> positions.containsKey("sim.paper")
        && positions.containsKey("sim.main") && positions.get("sim.paper")[0].compareTo(new BigDecimal("0.007")) == 0
        && positions.get("sim.main")[0].compareTo(new BigDecimal("0.007")) == 0);
    assertEquals(0, positions.get("sim.main")[1].compareTo(positions.get("sim.paper")[1]),
        "the same average price: " + positions.get("sim.main")[1] + " and " + positions.get("sim.paper")[1]);
  }

  /** The same order on both accounts: {@code p<n>} on paper, {@code l<n>} live. */
  private static void place(String n, String action, String price, String size) {
    for (String account : List.of("sim.paper", "sim.main")) {
      String oid = (account.equals("sim.paper") ? "p" : "l") + n;
      ems.send(new EmsProtocol.Order(oid, action, FQME, new BigDecimal(price), new BigDecimal(size), account, null));
    }
  }

  /** One tick into the venue, answered once the venue has applied it and sent it to subscribers. */
  private static void push(String type, String price, String size) throws Exception {
    venue.request(venue.json().object().put("op", "push").put("market", MARKET).put("type", type)
        .put("price", price).put("size", size)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static Trace trace(String oid) {
    return traces.computeIfAbsent(oid, o -> new Trace());
  }

  private static boolean resting(String n) {
    return trace("p" + n).resting && trace("l" + n).resting;
  }

  /** Waits until both of order n's sides have {@code count} fills, then compares them. */
  private static void awaitSameFills(String n, int count) throws Exception {
    await(WAIT, "order " + n + " filled " + count + " times on both", () -> trace("p" + n).fills.size() >= count
        && trace("l" + n).fills.size() >= count);
    assertEquals(trace("l" + n).fills, trace("p" + n).fills, "order " + n + ", paper against live: " + traces);
  }

  /** Takes in emsd's events until {@code done} holds; an error status fails at once. */
  private static void await(Duration within, String what, BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      EmsProtocol.Event event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
      if (event == null) {
        fail("waited " + within.toSeconds() + " s for " + what + ": " + traces);
      }
      take(event);
    }
  }

  private static void take(EmsProtocol.Event event) {
    if (event instanceof EmsProtocol.Position position && position.fqme().equals(FQME)) {
      positions.put(position.account(), new BigDecimal[] {position.size(), position.avgPrice()});
    } else if (event instanceof EmsProtocol.Status status) {
      Trace trace = trace(status.oid());
      trace.resp = status.resp();
      switch (status.resp()) {
        case "error" -> fail(status.oid() + " ended in error: " + status.reason());
        case "open" -> trace.resting = Boolean.TRUE.equals(status.resting());
        case "fill" -> {
          trace.fills.add(new Fill(status.fillPrice(), status.filled().subtract(trace.filled)));
          trace.filled = status.filled();
          trace.resting = false;
        }
        default -> { }
      }
    }
  }
}
