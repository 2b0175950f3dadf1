package piker.brokerd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.accounting.Clear;
import piker.accounting.LedgerFile;
import piker.backends.sim.SimBackend;
import piker.backends.sim.client.VenueConnection;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueSettings;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.testkit.TestCookies;

/**
 * brokerd.sim over its trade dialog against the real sim venue (quiet: solusdt.spot at bid 149.999,
 * ask 150.001, 0.1 each), with a real brokers.toml and real ledger files. The test plays emsd.
 */
class BrokerdTest {
  /** An order the venue does not find is placed again after a second, not brokerd's 20 s. */
  private static final ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString(
      "piker.brokerd.never-placed-after = 1s").withFallback(ConfigFactory.load("application-test")));
  private static final String KEY = "simkey-brokerd-test-7f3a";
  private static final String ACCOUNT = "sim.main";
  private static final Fqme SOL = Fqme.parse("solusdt.spot.sim");
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  private RuntimeSettings settings;
  private SimVenue venue;
  private VenueConnection other;
  private final List<ActorRef<DaemonProtocol.Command>> spawned = new ArrayList<>();

  @AfterAll
  static void stopKit() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void start() throws Exception {
    settings = TestCookies.settingsIn(dir);
    venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir.resolve("sim-venue"), 42, 0, Clock.systemUTC()),
        false);
    other = VenueConnection.open(venue.address(), event -> { }, error -> { }).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    spawned.forEach(brokerd -> kit.stop(brokerd, WAIT));
    other.close();
    venue.close();
  }

  private void brokersToml(String key, String mode) throws Exception {
    Path file = dir.resolve("brokers.toml");
    Files.writeString(file, "[sim]\napi_key = \"" + key + "\"\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
  }

  private ActorRef<DaemonProtocol.Command> brokerd() {
    TestProbe<DaemonLifecycle.Event> lifecycle = kit.createTestProbe();
    Map<String, Object> options = Map.of("venue", venue.address(), "accounts", Map.of("main", "SIM-001"));
    ActorRef<DaemonProtocol.Command> brokerd = kit.spawn(Brokerd.create(new DaemonSpec(
        ServiceName.of(DaemonKind.BROKERD, "sim"), settings, lifecycle.ref(), false, options, Map.of()),
        new SimBackend(), Map.of()));
    spawned.add(brokerd);
    return brokerd;
  }

  /** emsd's side of a trade dialog: every event it was sent, in order. */
  private static final class Dialog {
    final TestProbe<Session.Event> opener;
    ActorRef<Session.Input> session;
    Object first;
    final List<BrokerEvent> seen = new ArrayList<>();

    Dialog(TestProbe<Session.Event> opener) {
      this.opener = opener;
    }

    void send(Object body) {
      session.tell(new Session.Send((piker.contracts.Payload) body));
    }

    /**
     * Waits until an event that matches has arrived (it may have already), keeping every event. It
     * synchronises only: what a test claims about the events' order and number it asserts with
     * {@link #story}, which sees every event, unmatched ones and repeats included.
     */
    <T extends BrokerEvent> T await(Class<T> type, Predicate<T> matching) {
      for (BrokerEvent event : seen) {
        if (type.isInstance(event) && matching.test(type.cast(event))) {
          return type.cast(event);
        }
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        Session.Message message;
        try {
          message = opener.expectMessageClass(Session.Message.class, WAIT);
        } catch (AssertionError timedOut) {
          throw new AssertionError("no " + type.getSimpleName() + " as expected; seen " + seen, timedOut);
        }
        if (message.body() instanceof ClearingProtocol.Events events) {
          int from = seen.size();
          seen.addAll(events.events());
          for (BrokerEvent event : seen.subList(from, seen.size())) {
            if (type.isInstance(event) && matching.test(type.cast(event))) {
              return type.cast(event);
            }
          }
        }
      }
      throw new AssertionError("no " + type.getSimpleName() + " as expected; seen " + seen);
    }

    <T extends BrokerEvent> List<T> all(Class<T> type) {
      return seen.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every event about order {@code oid} so far, in order and in words, e.g. [ack, open, fill 0.1, closed 0.1]. */
    List<String> story(String oid) {
      List<String> story = new ArrayList<>();
      for (BrokerEvent event : seen) {
        if (event instanceof ClearingProtocol.Ack ack && oid.equals(ack.oid())) {
          story.add("ack");
        } else if (event instanceof ClearingProtocol.OrderStatus status && oid.equals(status.oid())) {
          story.add(status.status().wire() + (status.resting() ? " resting" : "") + " " + plain(status.filled()));
        } else if (event instanceof ClearingProtocol.Fill fill && oid.equals(fill.oid())) {
          story.add("fill " + plain(fill.size()));
        } else if (event instanceof ClearingProtocol.OrderError error && oid.equals(error.oid())) {
          story.add("error");
        } else if (event instanceof ClearingProtocol.Adopted adopted && oid.equals(adopted.oid())) {
          story.add("adopted");
        }
      }
      return story;
    }

    /** The account's position after each fill, in order. */
    List<String> positions() {
      return all(ClearingProtocol.PositionUpdate.class).stream().map(p -> plain(p.size())).toList();
    }

    private static String plain(BigDecimal value) {
      return value == null ? "-" : value.stripTrailingZeros().toPlainString();
    }
  }

  private Dialog open(ActorRef<DaemonProtocol.Command> brokerd, List<ClearingProtocol.KnownOrder> known) {
    Dialog dialog = new Dialog(kit.createTestProbe());
    brokerd.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.OPEN_TRADE_DIALOG.wireName(),
        TestCookies.hello(), new ClearingProtocol.DialogParams(List.of(ACCOUNT), known), dialog.opener.ref()));
    Session.Event event = dialog.opener.expectMessageClass(Session.Event.class, WAIT);
    if (event instanceof Session.Started started) {
      dialog.session = started.session();
      dialog.first = started.first();
    } else {
      dialog.first = event;
    }
    return dialog;
  }

  private static ClearingProtocol.SubmitOrder order(String oid, OrderAction action, String price, String size) {
    return new ClearingProtocol.SubmitOrder(oid, null, ACCOUNT, action, SOL, new BigDecimal(price),
        new BigDecimal(size));
  }

  private JsonNode venueCall(String op, Map<String, String> fields) throws Exception {
    var request = other.json().object().put("op", op);
    fields.forEach(request::put);
    return other.request(request).get(10, TimeUnit.SECONDS);
  }

  private void push(String type, String price, String size) throws Exception {
    venueCall("push", Map.of("market", "solusdt.spot", "type", type, "price", price, "size", size));
  }

  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  @Test
  void aLiveBuyFillsPartlyOnAThinBookThenAtItsLimitAndTheLedgerAndPositionsMatchTheVenue() throws Exception {
    brokersToml(KEY, "rw-------");
    Dialog dialog = open(brokerd(), List.of());
    assertInstanceOf(ClearingProtocol.DialogStarted.class, dialog.first);
    assertNull(dialog.await(ClearingProtocol.AccountStatus.class, s -> true).blocked());

    dialog.send(order("buy-1", OrderAction.BUY, "150.001", "0.25"));
    String reqid = dialog.await(ClearingProtocol.Ack.class, ack -> ack.oid().equals("buy-1")).reqid();
    ClearingProtocol.OrderStatus open = dialog.await(ClearingProtocol.OrderStatus.class, s -> s.oid().equals("buy-1"));
    assertEquals(VenueOrderStatus.OPEN, open.status());
    assertFalse(open.resting(), "it took the ask on arrival");
    ClearingProtocol.Fill taken = dialog.await(ClearingProtocol.Fill.class, f -> f.oid().equals("buy-1"));
    assertEquals(0, d("0.1").compareTo(taken.size()), "the touch had 0.1");
    assertEquals(reqid, taken.reqid());

    push("ask", "150.001", "1");
    dialog.await(ClearingProtocol.OrderStatus.class, s -> s.oid().equals("buy-1")
        && s.status() == VenueOrderStatus.CLOSED);
    List<ClearingProtocol.Fill> fills = dialog.all(ClearingProtocol.Fill.class);
    assertEquals(2, fills.size(), fills.toString());
    assertEquals(0, d("0.15").compareTo(fills.get(1).size()));
    int closedAt = dialog.seen.indexOf(dialog.all(ClearingProtocol.OrderStatus.class).stream()
        .filter(s -> s.status() == VenueOrderStatus.CLOSED).findFirst().orElseThrow());
    assertTrue(dialog.seen.indexOf(fills.get(1)) < closedAt, "every fill is told before closed");
    ClearingProtocol.PositionUpdate position = dialog.await(ClearingProtocol.PositionUpdate.class,
        p -> p.size().compareTo(d("0.25")) == 0);
    assertEquals(0, d("150.001").compareTo(position.avgPrice()));
    assertEquals(List.of("ack", "open 0.1", "fill 0.1", "fill 0.15", "closed 0.25"), dialog.story("buy-1"));
    assertEquals(List.of("0.1", "0.25"), dialog.positions());

    LedgerFile ledger = LedgerFile.open(dir, ACCOUNT);
    assertEquals(fills.stream().map(ClearingProtocol.Fill::tid).toList(),
        ledger.clears().stream().map(Clear::tid).toList());
    venueCall("login", Map.of("key", KEY, "account", "SIM-001"));
    JsonNode venuePositions = venueCall("positions", Map.of());
    assertEquals("solusdt.spot", venuePositions.get(0).path("market").asText());
    assertEquals(0, d("0.25").compareTo(new BigDecimal(venuePositions.get(0).path("size").asText())));
  }

  @Test
  void withNoKeyTheDialogIsAnsweredPaperAndBrokerdStops() throws Exception {
    brokersToml("", "rw-------");
    ActorRef<DaemonProtocol.Command> brokerd = brokerd();
    Dialog dialog = open(brokerd, List.of());
    ClearingProtocol.PaperOnly paper = assertInstanceOf(ClearingProtocol.PaperOnly.class, dialog.first);
    assertTrue(paper.reason().contains("no api key"), paper.reason());
    kit.createTestProbe().expectTerminated(brokerd, WAIT);
  }

  @Test
  void anInvalidKeyRefusesTheDialogWithoutShowingTheKeyAndBrokerdStops() throws Exception {
    brokersToml("realkey-must-not-leak-99", "rw-------");
    ActorRef<DaemonProtocol.Command> brokerd = brokerd();
    Dialog dialog = open(brokerd, List.of());
    Session.Refused refused = assertInstanceOf(Session.Refused.class, dialog.first);
    assertEquals("InvalidKey", refused.error().type());
    assertFalse(refused.error().toString().contains("must-not-leak"), refused.error().toString());
    assertFalse(refused.error().trace().contains("must-not-leak"));
    kit.createTestProbe().expectTerminated(brokerd, WAIT);
  }

  @Test
  void aBrokersTomlOthersMayReadIsRefusedWithTheFix() throws Exception {
    brokersToml(KEY, "rw-r--r--");
    Dialog dialog = open(brokerd(), List.of());
    Session.Refused refused = assertInstanceOf(Session.Refused.class, dialog.first);
    assertEquals("CredentialsRefused", refused.error().type());
    assertTrue(refused.error().message().contains("chmod 600"), refused.error().message());
    assertFalse(refused.error().toString().contains(KEY));
  }

  @Test
  void aRestartedBrokerdFindsItsOrdersByIdPicksUpFillsMadeWhileDownAndAdoptsStrangers() throws Exception {
    brokersToml(KEY, "rw-------");
    ActorRef<DaemonProtocol.Command> first = brokerd();
    Dialog before = open(first, List.of());
    before.send(order("rest-1", OrderAction.BUY, "149.000", "0.2"));
    String reqid = before.await(ClearingProtocol.Ack.class, ack -> ack.oid().equals("rest-1")).reqid();
    assertTrue(before.await(ClearingProtocol.OrderStatus.class, s -> s.oid().equals("rest-1")).resting());
    kit.stop(first, WAIT);
    spawned.remove(first);

    // while no brokerd runs: a fill of rest-1, and an order placed by someone else on the account
    venueCall("login", Map.of("key", KEY, "account", "SIM-001"));
    push("ask", "149.000", "0.05");
    JsonNode stranger = venueCall("order", Map.of("market", "solusdt.spot", "side", "sell", "price", "151.000",
        "size", "0.01", "client_id", "manual-1"));

    Dialog after = open(brokerd(), List.of(new ClearingProtocol.KnownOrder("rest-1", reqid, ACCOUNT, false),
        new ClearingProtocol.KnownOrder("never-sent", null, ACCOUNT, false)));
    assertInstanceOf(ClearingProtocol.DialogStarted.class, after.first);
    ClearingProtocol.Fill missed = after.await(ClearingProtocol.Fill.class, f -> f.oid().equals("rest-1"));
    assertEquals(0, d("0.05").compareTo(missed.size()));
    assertEquals("ext:" + stranger.path("order_id").asText(),
        after.await(ClearingProtocol.Adopted.class, a -> true).oid());

    // emsd replays what it holds: the known order is not placed twice, the one never sent is placed now
    after.send(order("rest-1", OrderAction.BUY, "149.000", "0.2"));
    after.send(order("never-sent", OrderAction.BUY, "148.000", "0.1"));
    after.await(ClearingProtocol.Ack.class, ack -> ack.oid().equals("never-sent"));
    JsonNode open = venueCall("open_orders", Map.of());
    List<String> clientIds = new ArrayList<>();
    open.forEach(order -> clientIds.add(order.path("client_id").asText()));
    assertEquals(List.of("rest-1", "manual-1", "never-sent"), clientIds);
    assertEquals(List.of("ack", "open resting 0"), before.story("rest-1"));
    assertEquals(List.of("fill 0.05", "ack", "open 0.05"), after.story("rest-1"));
    assertEquals(List.of("ack", "open resting 0"), after.story("never-sent"));
    assertEquals(1, LedgerFile.open(dir, ACCOUNT).clears().size(), "the fill made while down is in the ledger");
  }

  @Test
  void aModifyIsACancelAndAReplaceOfWhatIsUnfilledUnderTheSameOidAndACancelEndsIt() throws Exception {
    brokersToml(KEY, "rw-------");
    Dialog dialog = open(brokerd(), List.of());
    String oid = "m".repeat(64); // the longest oid, so its replacement's client id is the longest too
    dialog.send(order(oid, OrderAction.BUY, "149.000", "0.2"));
    String first = dialog.await(ClearingProtocol.Ack.class, ack -> ack.oid().equals(oid)).reqid();
    push("ask", "149.000", "0.05");
    dialog.await(ClearingProtocol.Fill.class, fill -> fill.oid().equals(oid));

    // below the ask (149.000 since the push), so the replacement rests
    dialog.send(new ClearingProtocol.SubmitOrder(oid, first, ACCOUNT, OrderAction.BUY, SOL, d("148.500"), d("0.2")));
    String second = dialog.await(ClearingProtocol.Ack.class, ack -> ack.oid().equals(oid)
        && !ack.reqid().equals(first)).reqid();
    venueCall("login", Map.of("key", KEY, "account", "SIM-001"));
    JsonNode open = venueCall("open_orders", Map.of());
    assertEquals(1, open.size(), open.toString());
    assertEquals(oid + "~1", open.get(0).path("client_id").asText());
    assertEquals(0, d("148.500").compareTo(new BigDecimal(open.get(0).path("price").asText())));
    assertEquals(0, d("0.15").compareTo(new BigDecimal(open.get(0).path("size").asText())), "what was unfilled");
    assertTrue(dialog.all(ClearingProtocol.OrderStatus.class).stream()
        .noneMatch(s -> s.status() == VenueOrderStatus.CANCELED),
        "the replace's cancel is not the order's end");

    dialog.send(new ClearingProtocol.CancelOrder(oid, second, ACCOUNT));
    ClearingProtocol.OrderStatus canceled = dialog.await(ClearingProtocol.OrderStatus.class,
        s -> s.oid().equals(oid) && s.status() == VenueOrderStatus.CANCELED);
    assertEquals(0, d("0.05").compareTo(canceled.filled()), canceled.toString());
    assertEquals(0, venueCall("open_orders", Map.of()).size());
    assertEquals(List.of("ack", "open resting 0", "fill 0.05", "ack", "open resting 0.05", "canceled 0.05"),
        dialog.story(oid));
  }

  @Test
  void aRestartAfterAModifyKnowsWhatTheReplacedVenueOrderFilledAndNeitherReplacesNorOverfills() throws Exception {
    brokersToml(KEY, "rw-------");
    ActorRef<DaemonProtocol.Command> first = brokerd();
    Dialog before = open(first, List.of());
    before.send(order("mod-1", OrderAction.BUY, "149.000", "0.2"));
    String original = before.await(ClearingProtocol.Ack.class, ack -> ack.oid().equals("mod-1")).reqid();
    push("ask", "149.000", "0.05");
    before.await(ClearingProtocol.Fill.class, fill -> fill.oid().equals("mod-1"));
    before.send(new ClearingProtocol.SubmitOrder("mod-1", original, ACCOUNT, OrderAction.BUY, SOL, d("148.500"),
        d("0.2")));
    String replacement = before.await(ClearingProtocol.Ack.class, ack -> ack.oid().equals("mod-1")
        && !ack.reqid().equals(original)).reqid();
    kit.stop(first, WAIT);
    spawned.remove(first);

    // emsd's memory may hold the original venue id: the replacement is found by its client id
    Dialog after = open(brokerd(), List.of(new ClearingProtocol.KnownOrder("mod-1", original, ACCOUNT, false)));
    after.await(ClearingProtocol.Ack.class, ack -> ack.oid().equals("mod-1") && ack.reqid().equals(replacement));
    ClearingProtocol.OrderStatus open = after.all(ClearingProtocol.OrderStatus.class).stream()
        .filter(s -> s.oid().equals("mod-1")).findFirst().orElseThrow();
    assertEquals(0, d("0.05").compareTo(open.filled()), "what the replaced venue order filled: " + open);
    assertEquals(0, d("0.15").compareTo(open.remaining()), open.toString());

    after.send(new ClearingProtocol.SubmitOrder("mod-1", original, ACCOUNT, OrderAction.BUY, SOL, d("148.500"),
        d("0.2")));
    after.send(new ClearingProtocol.CancelOrder("mod-1", replacement, ACCOUNT));
    ClearingProtocol.OrderStatus canceled = after.await(ClearingProtocol.OrderStatus.class,
        s -> s.oid().equals("mod-1") && s.status() == VenueOrderStatus.CANCELED);
    assertEquals(0, d("0.05").compareTo(canceled.filled()), canceled.toString());
    venueCall("login", Map.of("key", KEY, "account", "SIM-001"));
    assertEquals(0, venueCall("open_orders", Map.of()).size());
    JsonNode trades = venueCall("trades", Map.of());
    assertEquals(1, trades.size(), "the replayed submit placed nothing: " + trades);
    assertEquals(List.of("ack", "open resting 0", "fill 0.05", "ack", "open resting 0.05"), before.story("mod-1"));
    assertEquals(List.of("fill 0.05", "ack", "open resting 0.05", "canceled 0.05"), after.story("mod-1"));
  }

  @Test
  void afterTheVenueRestartsBrokerdLogsInAgainAndHearsTheFillsOfItsRestingOrder() throws Exception {
    brokersToml(KEY, "rw-------");
    Dialog dialog = open(brokerd(), List.of());
    dialog.send(order("rest-9", OrderAction.BUY, "149.000", "0.1"));
    assertTrue(dialog.await(ClearingProtocol.OrderStatus.class, s -> s.oid().equals("rest-9")).resting());
    int statusesBefore = dialog.all(ClearingProtocol.AccountStatus.class).size();

    int port = Integer.parseInt(venue.address().substring(venue.address().lastIndexOf(':') + 1));
    venue.close();
    venue = SimVenue.start(new VenueSettings("127.0.0.1", port, dir.resolve("sim-venue"), 42, 0, Clock.systemUTC()),
        false);
    // the reconnect's reconcile tells the account's status again: brokerd is logged in once more
    dialog.await(ClearingProtocol.AccountStatus.class, s -> dialog.all(ClearingProtocol.AccountStatus.class).size()
        > statusesBefore);
    other.close();
    other = VenueConnection.open(venue.address(), event -> { }, error -> { }).get(10, TimeUnit.SECONDS);
    push("ask", "149.000", "1");
    // fill events go only to logged-in connections of the account
    ClearingProtocol.Fill fill = dialog.await(ClearingProtocol.Fill.class, f -> f.oid().equals("rest-9"));
    assertEquals(0, d("0.1").compareTo(fill.size()));
    dialog.await(ClearingProtocol.OrderStatus.class, s -> s.oid().equals("rest-9")
        && s.status() == VenueOrderStatus.CLOSED);
    assertEquals(List.of("ack", "open resting 0", "ack", "fill 0.1", "closed 0.1"), dialog.story("rest-9"));
  }

  @Test
  void malformedOrdersAreErrorAnswersAndTheDialogKeepsTrading() throws Exception {
    brokersToml(KEY, "rw-------");
    Dialog dialog = open(brokerd(), List.of());
    dialog.send(new ClearingProtocol.SubmitOrder("bad-1", null, ACCOUNT, OrderAction.BUY, SOL, null, d("0.1")));
    dialog.send(new ClearingProtocol.SubmitOrder("bad-2", null, ACCOUNT, OrderAction.ALERT, SOL, d("150"), d("0.1")));
    dialog.send(new ClearingProtocol.SubmitOrder("bad-3", null, ACCOUNT, OrderAction.BUY,
        Fqme.parse("btcusdt.spot.other"), d("150"), d("0.1")));
    dialog.send(new ClearingProtocol.SubmitOrder("bad-4", null, "sim.nobody", OrderAction.BUY, SOL, d("150"),
        d("0.1")));
    dialog.send(new ClearingProtocol.CancelOrder(null, null, ACCOUNT));
    for (String oid : List.of("bad-1", "bad-2", "bad-3", "bad-4")) {
      dialog.await(ClearingProtocol.OrderError.class, error -> oid.equals(error.oid()));
    }
    dialog.await(ClearingProtocol.OrderError.class, error -> error.oid() == null);
    dialog.send(order("good-1", OrderAction.BUY, "150.001", "0.01"));
    dialog.await(ClearingProtocol.OrderStatus.class, s -> s.oid().equals("good-1")
        && s.status() == VenueOrderStatus.CLOSED);
    for (String oid : List.of("bad-1", "bad-2", "bad-3", "bad-4")) {
      assertEquals(List.of("error"), dialog.story(oid), oid);
    }
    assertEquals(1, dialog.all(ClearingProtocol.OrderError.class).stream().filter(e -> e.oid() == null).count());
    assertEquals(List.of("ack", "fill 0.01", "closed 0.01"), dialog.story("good-1"));
  }

  @Test
  void aPositionTheLedgerCannotExplainBlocksNewOrdersFailClosed() throws Exception {
    brokersToml(KEY, "rw-------");
    LedgerFile.open(dir, ACCOUNT).append(List.of(new Clear("not-at-the-venue-1", SOL, d("1"), d("150"), d("0"),
        Instant.parse("2026-11-28T00:00:00Z"), "solusdt.spot")));
    Dialog dialog = open(brokerd(), List.of());
    String blocked = dialog.await(ClearingProtocol.AccountStatus.class, s -> s.blocked() != null).blocked();
    assertTrue(blocked.contains("position mismatch") && blocked.contains("solusdt.spot"), blocked);

    dialog.send(order("blocked-1", OrderAction.BUY, "150.001", "0.01"));
    ClearingProtocol.OrderError error = dialog.await(ClearingProtocol.OrderError.class,
        e -> "blocked-1".equals(e.oid()));
    assertTrue(error.reason().contains("position mismatch"), error.reason());
    assertEquals(List.of("error"), dialog.story("blocked-1"));
    venueCall("login", Map.of("key", KEY, "account", "SIM-001"));
    assertEquals(0, venueCall("open_orders", Map.of()).size(), "nothing reached the venue");
  }
}
