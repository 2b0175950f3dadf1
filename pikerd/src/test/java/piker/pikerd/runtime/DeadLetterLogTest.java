package piker.pikerd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.AllDeadLetters;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** A dead letter is an INFO line while the node runs and a DEBUG line once it stops in order. */
class DeadLetterLogTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final String LOGGER = DeadLetterLog.class.getName();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aDeadLetterWhileRunningIsLoggedAtInfo() {
    assertLoggedAt(Level.INFO, false);
  }

  @Test
  void aDeadLetterDuringAnOrderlyStopIsLoggedAtDebugOnly() {
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LOGGER);
    logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
    try {
      assertLoggedAt(Level.DEBUG, true);
    } finally {
      logger.setLevel(null);
    }
  }

  private static void assertLoggedAt(Level level, boolean stopping) {
    ActorRef<AllDeadLetters> log = kit.spawn(DeadLetterLog.create(() -> stopping));
    awaitStarted(log);
    ActorRef<String> gone = stoppedActor();
    LoggingTestKit.empty().withLoggerName(LOGGER).withLogLevel(level)
        .withMessageContains("dead letter java.lang.String to " + gone.path())
        .expect(kit.system(), () -> {
          gone.tell("lost");
          return null;
        });
    kit.stop(log);
  }

  @Test
  void tenLinesAMinuteThenTheNextLineCountsWhatWasLeftOut() {
    DeadLetterLog.Budget budget = new DeadLetterLog.Budget(10, Duration.ofMinutes(1));
    for (int i = 0; i < 10; i++) {
      assertEquals(0, budget.take(i));
    }
    assertEquals(-1, budget.take(11));
    assertEquals(-1, budget.take(12));
    assertEquals(2, budget.take(Duration.ofMinutes(1).toNanos()), "a new minute: two were left out");
    assertEquals(0, budget.take(Duration.ofMinutes(1).toNanos() + 1));
  }

  /** Waits until {@code log} handles messages, so it has subscribed to the event stream. */
  private static void awaitStarted(ActorRef<AllDeadLetters> log) {
    LoggingTestKit.messageContains("dead letter java.lang.String to " + log.path()).expect(kit.system(), () -> {
      log.tell(new DeadLetter("ready?", Adapter.toClassic(log), Adapter.toClassic(log)));
      return null;
    });
  }

  private static ActorRef<String> stoppedActor() {
    ActorRef<String> actor = kit.spawn(Behaviors.ignore());
    kit.stop(actor);
    return actor;
  }
}
