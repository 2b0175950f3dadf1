package piker.samplerd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.Payload;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.contracts.samplerd.SamplerProtocol;
import piker.contracts.samplerd.SamplerProtocol.Step;
import piker.contracts.testkit.TestCookies;

/** The clock under ManualTime, with a wall clock the test moves in step with the scheduler. */
class SamplerdTest {
  /** A minute boundary: 2025-11-28T00:40:00Z. */
  private static final long MINUTE = 1_764_290_400L;

  @TempDir
  Path configDir;
  private ActorTestKit testKit;
  private ManualTime manualTime;
  private TestClock clock;
  private ActorRef<DaemonProtocol.Command> samplerd;

  /** A wall clock that moves only when told. */
  static final class TestClock extends Clock {
    private final AtomicLong millis;

    TestClock(long millis) {
      this.millis = new AtomicLong(millis);
    }

    void advance(Duration by) {
      millis.addAndGet(by.toMillis());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load("application-test")));
    manualTime = ManualTime.get(testKit.system());
    clock = new TestClock(MINUTE * 1000 - 300);
    TestProbe<DaemonLifecycle.Event> lifecycle = testKit.createTestProbe();
    samplerd = testKit.spawn(Samplerd.create(new DaemonSpec(ServiceName.of(DaemonKind.SAMPLERD),
        TestCookies.settingsIn(configDir), lifecycle.ref(), true), clock));
    lifecycle.expectMessageClass(DaemonLifecycle.Started.class);
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  private TestProbe<Session.Event> subscribe(Payload params) {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    samplerd.tell(new DaemonProtocol.OpenSession("s", Endpoint.OPEN_SAMPLE_STREAM.wireName(), TestCookies.hello(),
        params, opener.ref()));
    opener.expectMessageClass(Session.Started.class);
    return opener;
  }

  private void timePasses(Duration duration) {
    clock.advance(duration);
    manualTime.timePasses(duration);
  }

  private static List<Step> steps(TestProbe<Session.Event> opener, int count) {
    List<Step> steps = new ArrayList<>();
    for (Session.Event event : opener.receiveSeveralMessages(count)) {
      steps.add((Step) ((Session.Message) event).body());
    }
    return steps;
  }

  @Test
  void stepsLandOnPeriodBoundariesAndEverySubscriberSeesEachOnce() {
    TestProbe<Session.Event> all = subscribe(new Payload.Empty());
    TestProbe<Session.Event> minutes = subscribe(new SamplerProtocol.Subscribe(List.of(60)));
    manualTime.expectNoMessageFor(Duration.ofMillis(299), all);

    timePasses(Duration.ofMillis(300));
    assertEquals(List.of(new Step(1, MINUTE), new Step(60, MINUTE)), steps(all, 2));
    assertEquals(List.of(new Step(60, MINUTE)), steps(minutes, 1));

    // each step is awaited before the clocks move on, so samplerd never sees the wall clock race ahead
    for (int second = 1; second <= 59; second++) {
      timePasses(Duration.ofSeconds(1));
      assertEquals(List.of(new Step(1, MINUTE + second)), steps(all, 1));
    }
    minutes.expectNoMessage(Duration.ZERO);
    timePasses(Duration.ofSeconds(1));
    assertEquals(List.of(new Step(1, MINUTE + 60), new Step(60, MINUTE + 60)), steps(all, 2));
    assertEquals(List.of(new Step(60, MINUTE + 60)), steps(minutes, 1));
    all.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aStalledTimerReplaysEveryMissedBoundaryOnceInOrder() {
    TestProbe<Session.Event> all = subscribe(new SamplerProtocol.Subscribe(List.of(1)));
    timePasses(Duration.ofMillis(300));
    assertEquals(List.of(new Step(1, MINUTE)), steps(all, 1));

    clock.advance(Duration.ofSeconds(5));
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals(List.of(new Step(1, MINUTE + 1)), steps(all, 1));
    timePasses(Duration.ofSeconds(1));
    // the wall clock now reads MINUTE + 6: the boundaries the stall hid come now, each once
    List<Step> replayed = steps(all, 5);
    for (int i = 0; i < 5; i++) {
      assertEquals(new Step(1, MINUTE + 2 + i), replayed.get(i));
    }
    all.expectNoMessage(Duration.ZERO);
  }

  @Test
  void unknownPeriodsAreRefused() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    samplerd.tell(new DaemonProtocol.OpenSession("bad", Endpoint.OPEN_SAMPLE_STREAM.wireName(), TestCookies.hello(),
        new SamplerProtocol.Subscribe(List.of(7)), opener.ref()));
    Session.Refused refused = opener.expectMessageClass(Session.Refused.class);
    assertEquals(IllegalArgumentException.class.getName(), refused.error().type());
    subscribe(new Payload.Empty());
  }
}
