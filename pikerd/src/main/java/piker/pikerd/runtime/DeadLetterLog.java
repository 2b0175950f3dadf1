package piker.pikerd.runtime;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.AllDeadLetters;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.SuppressedDeadLetter;
import org.apache.pekko.actor.UnhandledMessage;
import org.apache.pekko.actor.WrappedMessage;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * pikerd's dead-letter log, in place of Pekko's ({@code pikerd.conf} turns that one off). While pikerd
 * runs, a message that reached no actor is logged at INFO, as Pekko does: one to a stopped daemon may be
 * work lost to a bug; an expected one (see {@link #expected}) only at DEBUG. Once the coordinated
 * shutdown has begun all are logged at DEBUG: every daemon stopping leaves a few (a feed's last bar, a
 * timer's tick, an end to a client that has left), and Pekko 1.x goes quiet about them only later, when
 * the actor system itself terminates.
 */
public final class DeadLetterLog {
  /** Lines per minute at most, as Pekko's own log (it stops after ten) keeps a flood from the log. */
  static final int PER_MINUTE = 10;
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLog.class);

  private DeadLetterLog() {}

  /** Logs the system's dead letters at DEBUG once its coordinated shutdown has begun. */
  public static Behavior<AllDeadLetters> create() {
    return Behaviors.setup(ctx -> {
      CoordinatedShutdown shutdown = CoordinatedShutdown.get(ctx.getSystem());
      return create(() -> shutdown.getShutdownReason().isPresent());
    });
  }

  /** Logs dead letters at DEBUG while {@code stopping} says so, else at INFO. */
  static Behavior<AllDeadLetters> create(BooleanSupplier stopping) {
    return Behaviors.setup(ctx -> {
      // subscribed before the first message is handled (the typed event stream subscribes later)
      org.apache.pekko.event.EventStream events = ctx.getSystem().classicSystem().eventStream();
      ActorRef self = Adapter.toClassic(ctx.getSelf());
      List.of(DeadLetter.class, SuppressedDeadLetter.class, Dropped.class, UnhandledMessage.class)
          .forEach(topic -> events.subscribe(self, topic));
      // the expected ones (Pekko's own replies to no one, every few seconds) have a budget of their own
      Budget expectedBudget = new Budget(PER_MINUTE, Duration.ofMinutes(1));
      Budget budget = new Budget(PER_MINUTE, Duration.ofMinutes(1));
      return Behaviors.receiveMessage(letter -> {
        boolean expected = expected(letter);
        Level level = expected || stopping.getAsBoolean() ? Level.DEBUG : Level.INFO;
        if (level == Level.DEBUG && !LOG.isDebugEnabled()) {
          return Behaviors.same();
        }
        int skipped = (expected ? expectedBudget : budget).take(System.nanoTime());
        if (skipped >= 0) {
          LOG.atLevel(level).log(describe(letter) + (skipped > 0 ? " (" + skipped + " more were not logged)" : ""));
        }
        return Behaviors.same();
      });
    });
  }

  /**
   * A message marked DeadLetterSuppression is expected to miss its actor now and then; one for another
   * JVM (a client that has left) is that JVM's loss, and the client reports what it missed itself.
   */
  static boolean expected(AllDeadLetters letter) {
    return letter instanceof SuppressedDeadLetter || letter.recipient().path().address().hasGlobalScope();
  }

  static String describe(AllDeadLetters letter) {
    Object message = letter.message();
    while (message instanceof WrappedMessage wrapped) {
      message = wrapped.message();
    }
    String what = message.getClass().getName() + " to " + letter.recipient().path();
    if (letter instanceof Dropped dropped) {
      return "dropped " + what + ": " + dropped.reason();
    }
    if (letter instanceof UnhandledMessage) {
      return "unhandled " + what;
    }
    return "dead letter " + what + " (no such actor: it has stopped, or never was)";
  }

  /** At most {@code perWindow} lines in each window; the first line after a full window counts the rest. */
  static final class Budget {
    private final int perWindow;
    private final long windowNanos;
    private long windowStart = Long.MIN_VALUE;
    private int taken;
    private int skipped;

    Budget(int perWindow, Duration window) {
      this.perWindow = perWindow;
      this.windowNanos = window.toNanos();
    }

    /** -1: do not log this one; else log it, noting how many were skipped before it. */
    int take(long nowNanos) {
      if (windowStart == Long.MIN_VALUE || nowNanos - windowStart >= windowNanos) {
        windowStart = nowNanos;
        taken = 0;
      }
      if (taken == perWindow) {
        skipped++;
        return -1;
      }
      taken++;
      int before = skipped;
      skipped = 0;
      return before;
    }
  }
}
