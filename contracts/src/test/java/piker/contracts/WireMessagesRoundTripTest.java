package piker.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.Session;
import piker.contracts.market.Asset;
import piker.contracts.market.Bar;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.SymbolMatch;
import piker.contracts.market.Tick;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.pikerd.RegistryProtocol;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.samplerd.SamplerProtocol;
import piker.contracts.testkit.WireRoundTrip;
import scala.util.Try;

/** Every wire message survives the serializer; a new wire record without a sample here fails the build. */
class WireMessagesRoundTripTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  /** Reads wire bytes as a tree; exact decimals, so a re-encoded tree is the message it came from. */
  private static final CBORMapper CBOR = CBORMapper.builder()
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

  /** Exercises the value types that later payloads carry: exact decimals must come back exact. */
  record ValuesSample(MktPair mkt, Quote quote, Bar bar, SymbolMatch match) implements Payload {}

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static List<Object> samples() {
    TestProbe<Object> probe = testKit.createTestProbe();
    ActorRef<Session.Event> opener = probe.ref().narrow();
    ActorRef<Session.Input> session = probe.ref().narrow();
    ActorRef<DaemonProtocol.Command> daemon = probe.ref().narrow();
    RemoteError error = RemoteError.of(new IllegalStateException("boom"), "pekko://piker/user/x");
    Hello hello = Hello.of("cookie");
    ServiceName datad = ServiceName.of(DaemonKind.DATAD, "sim");
    Fqme fqme = Fqme.parse("btcusdt.spot.sim");
    MktPair mkt = new MktPair(fqme, new Asset("btc", "crypto", new BigDecimal("0.00000001")),
        new Asset("usdt", "crypto", new BigDecimal("0.01")), new BigDecimal("0.01"), new BigDecimal("0.00001"),
        new BigDecimal("0.001"), "BTCUSDT");
    Quote quote = new Quote(fqme, 1_764_290_400_123_456_789L, new BigDecimal("60000.10"), new BigDecimal("60000.00"),
        new BigDecimal("60000.20"), List.of(new Tick("trade", new BigDecimal("60000.10"), new BigDecimal("0.30000"))));
    Bar bar = new Bar(1_764_290_400L, new BigDecimal("1.1"), new BigDecimal("1.3"), new BigDecimal("1.0"),
        new BigDecimal("1.2"), new BigDecimal("0.30000000000000004"));
    ServicesProtocol.ServiceInfo info = new ServicesProtocol.ServiceInfo("datad.sim", "datad",
        "pekko://piker@127.0.0.1:6116", Instant.parse("2026-11-28T04:00:00.123Z"), 2);
    EmsProtocol.Status status = new EmsProtocol.Status("oid-1", "fill", "btcusdt.spot.sim", "buy",
        new BigDecimal("0.001"), new BigDecimal("60000.10"), "sim.paper", new BigDecimal("0.001"),
        new BigDecimal("60000.01"), null, null, null, "paperboi.sim", "paper-1", 1_764_290_400_123_456_789L);
    EmsProtocol.Position position = new EmsProtocol.Position("sim.paper", "sim", "btcusdt.spot.sim",
        new BigDecimal("-0.0195"), new BigDecimal("60000.015"), new BigDecimal("59999.955"));
    ClearingProtocol.OrderStatus orderStatus = new ClearingProtocol.OrderStatus("oid-1", "paper-1", "sim.paper",
        VenueOrderStatus.OPEN, BigDecimal.ZERO, new BigDecimal("0.001"), true, null);
    ClearingProtocol.Fill fill = new ClearingProtocol.Fill("oid-1", "paper-1", "paper-oid-1", OrderAction.BUY,
        new BigDecimal("60000.01"), new BigDecimal("0.001"), new BigDecimal("0.06000001"), 1_764_290_400_000_000_001L);
    ClearingProtocol.PositionUpdate update = new ClearingProtocol.PositionUpdate("sim.paper", fqme,
        new BigDecimal("0.001"), new BigDecimal("60000.01"), new BigDecimal("60060.01"));
    return List.of(
        error,
        hello,
        new Payload.Empty(),
        new Payload.Text("hello"),
        new ValuesSample(mkt, quote, bar, new SymbolMatch(fqme, "sim", 97)),
        new SamplerProtocol.Subscribe(List.of(1, 60)),
        new SamplerProtocol.Info(List.of(1), 1_764_290_400L),
        new SamplerProtocol.Step(60, 1_764_290_400L),
        new DaemonProtocol.OpenSession("s-1", "stream_quotes", hello, new Payload.Text("p"), opener),
        new DaemonProtocol.Call("get_mkt_info", hello, new Payload.Text("q"), probe.ref().narrow()),
        new DaemonProtocol.Reply(new Payload.Text("r")),
        new DaemonProtocol.Failure(error),
        new Session.Started("s-1", new Payload.Text("first"), session),
        new Session.Message("s-1", new Payload.Text("m")),
        new Session.Ended("s-1", null),
        new Session.Ended("s-1", error),
        new Session.Refused("s-1", error),
        new Session.Send(new Payload.Text("in")),
        new Session.Cancel("pekko://piker-client@127.0.0.1:4000/user/x#1"),
        new DaemonLifecycle.Started(datad, daemon),
        new DaemonLifecycle.StartFailed(datad, error),
        new DaemonLifecycle.Restarting(datad),
        new RegistryProtocol.Find(hello, "datad.sim", probe.ref().narrow()),
        new RegistryProtocol.WaitFor(hello, "datad.sim", Duration.ofMillis(1500), probe.ref().narrow()),
        new RegistryProtocol.ListDaemons(hello, probe.ref().narrow()),
        new RegistryProtocol.Found("datad.sim", daemon),
        new RegistryProtocol.Found("datad.sim", null),
        new RegistryProtocol.Listing(List.of(new RegistryProtocol.Found("samplerd", daemon))),
        new RegistryProtocol.Failed(error),
        new ServicesProtocol.MaybeSpawn(hello, datad, probe.ref().narrow()),
        new ServicesProtocol.ListServices(hello, probe.ref().narrow()),
        new ServicesProtocol.CancelService(hello, datad, "test", probe.ref().narrow()),
        new ServicesProtocol.Spawned(datad, daemon),
        new ServicesProtocol.Cancelled(datad),
        new ServicesProtocol.SpawnFailed(datad, error),
        info,
        new ServicesProtocol.Listing(List.of(info), null),
        new ServicesProtocol.CheckJoin(hello, probe.ref().narrow()),
        new ServicesProtocol.JoinVerdict(error),
        new ServicesProtocol.GetHealth(hello, probe.ref().narrow()),
        new ServicesProtocol.DaemonHealth("datad.sim", "datad", "restarting", 2, Instant.parse("2026-12-05T10:00:00Z"),
            "cannot open the venue"),
        new ServicesProtocol.HealthReport("pekko://piker@127.0.0.1:6116", "failing", List.of(new ServicesProtocol
            .DaemonHealth("samplerd", "samplerd", "up", 0, Instant.parse("2026-12-05T10:00:00Z"), null)), null),
        new ServicesProtocol.HealthReport("pekko://piker@127.0.0.1:6116", null, List.of(), error),
        new ServicesProtocol.SpawnHere(hello, datad, probe.ref().narrow()),
        new ServicesProtocol.CancelHere(hello, datad, "the placement", probe.ref().narrow()),
        new ServicesProtocol.ListNode(hello, probe.ref().narrow()),
        new ServicesProtocol.RunningDaemon(info, datad, daemon),
        new ServicesProtocol.NodeInventory(new ServicesProtocol.ServiceInfo("pikerd", "pikerd",
            "pekko://piker@127.0.0.1:6117", Instant.parse("2026-11-28T04:00:00.123Z"), 0, List.of("clearing", "data"),
            "up"), List.of(new ServicesProtocol.RunningDaemon(info, datad, daemon)), true),
        new DatadProtocol.MktInfoRequest(fqme),
        new DatadProtocol.MktInfoReply(mkt),
        new DatadProtocol.SearchRequest("btc", 10),
        new DatadProtocol.SearchReply(List.of(new SymbolMatch(fqme, "sim", 900))),
        new DatadProtocol.StreamParams(List.of(fqme, Fqme.parse("mnq.cme.20261218.sim")), 10, 256),
        new DatadProtocol.StreamStarted(List.of(quote)),
        new DatadProtocol.QuoteBatch(7, List.of(quote, quote)),
        new DatadProtocol.Credit(128),
        new DatadProtocol.BackfillProgress(fqme, 60, 1000, 43200),
        new DatadProtocol.BarsRequest(fqme, 60, 100, 1_764_290_400L),
        new DatadProtocol.BarsReply(List.of(bar, bar), 86_400, true),
        new DatadProtocol.Overrun(12, 40),
        new DatadProtocol.FeedNotice(fqme, error),
        new EmsProtocol.DialogParams(List.of("sim.paper")),
        new EmsProtocol.DialogStarted(List.of("sim.paper"), List.of(position), List.of(status)),
        new EmsProtocol.DialogStarted(List.of("sim.paper"), List.of(), List.of(),
            List.of(new EmsProtocol.Unavailable("sim.paper", error))),
        new EmsProtocol.Order("oid-1", "buy", "btcusdt.spot.sim", new BigDecimal("60000.10"),
            new BigDecimal("0.00100"), "sim.paper", "dark"),
        new EmsProtocol.Order(null, null, null, null, null, null, null),
        new EmsProtocol.Cancel("oid-1"),
        new EmsProtocol.CancelAll(null),
        status,
        position,
        new EmsProtocol.Batch(List.of(status, position)),
        new ClearingProtocol.DialogParams(List.of("sim.paper")),
        new ClearingProtocol.DialogStarted(List.of(update), List.of(orderStatus)),
        new ClearingProtocol.SubmitOrder("oid-1", null, "sim.paper", OrderAction.BUY, fqme,
            new BigDecimal("60000.10"), new BigDecimal("0.001")),
        new ClearingProtocol.CancelOrder("oid-1", "paper-1", "sim.paper"),
        new ClearingProtocol.Events(List.of(new ClearingProtocol.Ack("oid-1", "paper-1"), orderStatus, fill,
            new ClearingProtocol.OrderError("oid-1", "paper-1", "rejected"), update)),
        new ClearingProtocol.Ack("oid-1", "paper-1"),
        orderStatus,
        fill,
        new ClearingProtocol.OrderError("oid-1", null, "rejected"),
        update,
        new ClearingProtocol.LedgerRequest("sim.paper"),
        new ClearingProtocol.LedgerReply("sim.paper", "/tmp/trades_sim_paper.toml", List.of(update)),
        new ClearingProtocol.DialogParams(List.of("sim.main"),
            List.of(new ClearingProtocol.KnownOrder("oid-1", "SIM-7", "sim.main", false, fqme))),
        new ClearingProtocol.KnownOrder("oid-2", null, "sim.main", true),
        new ClearingProtocol.PaperOnly("no api key for sim in brokers.toml"),
        new ClearingProtocol.Adopted("ext:SIM-9", "SIM-9", "sim.main", OrderAction.SELL, fqme,
            new BigDecimal("60100.00"),
            new BigDecimal("0.002"), new BigDecimal("0.001")),
        new ClearingProtocol.AccountStatus("sim.main", "position mismatch"),
        new ClearingProtocol.AccountStatus("sim.main", null),
        new ClearingProtocol.SyncLedger("r-1", "sim.main"),
        new ClearingProtocol.LedgerSynced("r-1", new ClearingProtocol.LedgerReply("sim.main",
            "/tmp/trades_sim_main.toml", List.of(update)), null),
        new ClearingProtocol.LedgerSynced("r-2", null, error));
  }

  @Test
  void everyWireMessageRoundTrips() {
    for (Object sample : samples()) {
      WireRoundTrip.assertRoundTrips(testKit.system(), sample);
    }
  }

  @Test
  void decimalsComeBackExact() {
    ValuesSample sample = (ValuesSample) samples().stream().filter(ValuesSample.class::isInstance).findFirst()
        .orElseThrow();
    ValuesSample back = (ValuesSample) WireRoundTrip.roundTrip(testKit.system(), sample);
    assertEquals("0.00001", back.mkt().sizeTick().toPlainString());
    assertEquals("0.30000000000000004", back.bar().volume().toPlainString());
    assertEquals("0.30000", back.quote().ticks().get(0).size().toPlainString());
  }

  /** The order enums travel as the lower-case words these fields carried when they were strings. */
  @Test
  void orderActionsAndStatusesTravelAsTheirWords() throws IOException {
    Fqme fqme = Fqme.parse("btcusdt.spot.sim");
    ClearingProtocol.SubmitOrder submit = new ClearingProtocol.SubmitOrder("oid-1", null, "sim.paper", OrderAction.BUY,
        fqme, new BigDecimal("60000.10"), new BigDecimal("0.001"));
    ClearingProtocol.OrderStatus status = new ClearingProtocol.OrderStatus("oid-1", "paper-1", "sim.paper",
        VenueOrderStatus.OPEN, BigDecimal.ZERO, new BigDecimal("0.001"), true, null);
    ClearingProtocol.Fill fill = new ClearingProtocol.Fill("oid-1", "paper-1", "paper-oid-1", OrderAction.SELL,
        new BigDecimal("60000.01"), new BigDecimal("0.001"), new BigDecimal("0.06000001"), 1L);
    assertTrue(json(submit).contains("\"action\":\"buy\""), json(submit));
    assertTrue(json(status).contains("\"status\":\"open\""), json(status));
    assertTrue(json(fill).contains("\"action\":\"sell\""), json(fill));
  }

  /** A word the enum does not know fails the whole message: it never reads as a null action or status. */
  @Test
  void anUnknownOrderWordFailsItsMessage() throws IOException {
    ClearingProtocol.SubmitOrder submit = new ClearingProtocol.SubmitOrder("oid-1", null, "sim.paper", OrderAction.BUY,
        Fqme.parse("btcusdt.spot.sim"), new BigDecimal("60000.10"), new BigDecimal("0.001"));
    ClearingProtocol.OrderStatus status = new ClearingProtocol.OrderStatus("oid-1", "paper-1", "sim.paper",
        VenueOrderStatus.OPEN, BigDecimal.ZERO, new BigDecimal("0.001"), true, null);
    assertEquals(submit, withWord(submit, "action", "buy").get(), "the same word re-encoded reads back");
    assertRefused(withWord(submit, "action", "short"), "short");
    assertRefused(withWord(submit, "action", "BUY"), "BUY");
    assertRefused(withWord(status, "status", "pending"), "pending");
  }

  private static String json(Object message) throws IOException {
    return CBOR.readTree(WireRoundTrip.bytes(testKit.system(), message)).toString();
  }

  /** The message's wire form with one field's word replaced, read back. */
  private static Try<Object> withWord(Object message, String field, String word) throws IOException {
    ObjectNode tree = (ObjectNode) CBOR.readTree(WireRoundTrip.bytes(testKit.system(), message));
    tree.put(field, word);
    return WireRoundTrip.read(testKit.system(), CBOR.writeValueAsBytes(tree), message);
  }

  private static void assertRefused(Try<Object> read, String word) {
    assertTrue(read.isFailure(), "read as " + (read.isSuccess() ? read.get() : null));
    for (Throwable cause = read.failed().get(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IllegalArgumentException && cause.getMessage().contains("'" + word + "'")) {
        return;
      }
    }
    throw new AssertionError("refused for another reason than '" + word + "'", read.failed().get());
  }

  @Test
  void everyWireRecordInContractsHasASample() throws IOException, URISyntaxException {
    Path classes = Path.of(PikerSerializable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> wireRecords;
    try (Stream<Path> files = Files.walk(classes)) {
      wireRecords = files.filter(file -> file.toString().endsWith(".class"))
          .map(file -> classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", ""))
          .map(WireMessagesRoundTripTest::load)
          .filter(cls -> cls.isRecord() && PikerSerializable.class.isAssignableFrom(cls))
          .map(Class::getName)
          .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> sampled = samples().stream().map(sample -> sample.getClass().getName())
        .collect(Collectors.toCollection(TreeSet::new));
    wireRecords.removeAll(sampled);
    assertTrue(wireRecords.isEmpty(), "wire records without a round-trip sample: " + wireRecords);
  }

  @Test
  void payloadTypeIdsOutsideTheAllowListAreRejected() {
    PayloadTypeIdResolver resolver = new PayloadTypeIdResolver();
    assertThrows(IllegalArgumentException.class, () -> resolver.typeFromId(null, "java.lang.ProcessBuilder"));
    assertThrows(IllegalArgumentException.class, () -> resolver.typeFromId(null, "piker.contracts.RemoteError"));
    assertThrows(IllegalArgumentException.class, () -> resolver.typeFromId(null, "piker.NoSuchClass"));
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, PikerSerializable.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
