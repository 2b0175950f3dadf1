package piker.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Session;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.testkit.TestCookies;

/**
 * A 10 Hz subscriber under ManualTime: one frame per 100 ms at most, each market conflated into one
 * quote per frame, and every tick of the period in it. An unthrottled subscriber on the same feed
 * tells the test when the feed has handed the quotes on, so the frame timer can never overtake them.
 */
class DatadThrottleTest {
  private static final Fqme AAA = Fqme.parse("aaausd.spot.fake");
  private static final Fqme BBB = Fqme.parse("bbbusd.spot.fake");

  @TempDir
  Path configDir;
  private ActorTestKit testKit;
  private ManualTime manualTime;
  private FakeBackend backend;
  private ActorRef<DaemonProtocol.Command> datad;

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create(ManualTime.config()
        .withFallback(ConfigFactory.parseString("piker.datad.backfill.seconds = 0\npiker.datad.backfill.minutes = 0"))
        .withFallback(ConfigFactory.load("application-test")));
    manualTime = ManualTime.get(testKit.system());
    backend = new FakeBackend();
    TestProbe<DaemonLifecycle.Event> lifecycle = testKit.createTestProbe();
    datad = testKit.spawn(Datad.create(new DaemonSpec(ServiceName.of(DaemonKind.DATAD, "fake"),
        TestCookies.settingsIn(configDir), lifecycle.ref(), true), backend));
    lifecycle.expectMessageClass(DaemonLifecycle.Started.class);
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  private Session.Started open(TestProbe<Session.Event> opener, int throttle) {
    datad.tell(new DaemonProtocol.OpenSession("s" + throttle, Endpoint.STREAM_QUOTES.wireName(), TestCookies.hello(),
        new DatadProtocol.StreamParams(List.of(AAA, BBB), throttle, 1000), opener.ref()));
    return opener.expectMessageClass(Session.Started.class);
  }

  @Test
  void tenHertzMeansOneConflatedFramePerPeriodWithEveryTick() {
    TestProbe<Session.Event> chart = testKit.createTestProbe();
    TestProbe<Session.Event> witness = testKit.createTestProbe();
    open(chart, 10);
    Session.Started witnessSession = open(witness, 0);

    long n = 0;
    List<DatadProtocol.QuoteBatch> frames = new ArrayList<>();
    List<Tick> emittedA = new ArrayList<>();
    for (int step = 1; step <= 80; step++) {
      for (String market : List.of("aaausd.spot", "bbbusd.spot")) {
        backend.client.emit(market, ++n);
        if (market.startsWith("aaa")) {
          emittedA.addAll(FakeDataClient.quote(market, n).ticks());
        }
      }
      int seen = 0;
      while (seen < 2) {
        seen += ((DatadProtocol.QuoteBatch) witness.expectMessageClass(Session.Message.class).body()).quotes().size();
        witnessSession.session().tell(new Session.Send(new DatadProtocol.Credit(1)));
      }
      manualTime.timePasses(Duration.ofMillis(25));
      if (step % 4 == 0) {
        frames.add(assertInstanceOf(DatadProtocol.QuoteBatch.class,
            chart.expectMessageClass(Session.Message.class).body()));
      }
    }
    chart.expectNoMessage(Duration.ofMillis(100));
    assertEquals(20, frames.size(), "2 s at 10 Hz: 20 frames, 10 in any second");

    List<Tick> framedA = new ArrayList<>();
    for (DatadProtocol.QuoteBatch frame : frames) {
      assertEquals(java.util.Set.of(AAA, BBB), frame.quotes().stream().map(Quote::fqme)
          .collect(java.util.stream.Collectors.toSet()), "one quote per market");
      assertEquals(2, frame.quotes().size(), "one quote per market");
      Quote a = frame.quotes().stream().filter(quote -> quote.fqme().equals(AAA)).findFirst().orElseThrow();
      assertEquals(4, a.ticks().size(), "the frame keeps all four ticks of its period");
      framedA.addAll(a.ticks());
    }
    assertEquals(emittedA, framedA, "no tick is missing, none is repeated");
  }

  @Test
  void aFrameTooBigForOneArteryFrameGoesAsSeveralMessagesWithEveryTickInOrder() {
    TestProbe<Session.Event> chart = testKit.createTestProbe();
    datad.tell(new DaemonProtocol.OpenSession("big", Endpoint.STREAM_QUOTES.wireName(), TestCookies.hello(),
        new DatadProtocol.StreamParams(List.of(AAA), 1, 1000), chart.ref()));
    chart.expectMessageClass(Session.Started.class);
    int count = 60_000; // one tick each: a conflated second of them is ~0.5 MB, past Artery's 256 KiB frame
    for (long n = 1; n <= count; n++) {
      backend.client.emit("aaausd.spot", n);
    }
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    List<Long> sizes = new ArrayList<>();
    long expected = 1;
    while (expected <= count) {
      manualTime.timePasses(Duration.ofSeconds(1));
      Session.Message message = chart.expectMessageClass(Session.Message.class);
      sizes.add((long) serialization.serialize(message).get().length);
      for (Quote quote : assertInstanceOf(DatadProtocol.QuoteBatch.class, message.body()).quotes()) {
        for (Tick tick : quote.ticks()) {
          assertEquals(expected++, tick.size().longValueExact(), "every tick once, in venue order");
        }
      }
    }
    assertTrue(sizes.size() > 1, "more than one message: " + sizes);
    assertTrue(sizes.stream().allMatch(size -> size <= 256 * 1024), "each within Artery's frame: " + sizes);
  }
}
