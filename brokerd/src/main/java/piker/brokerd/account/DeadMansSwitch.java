package piker.brokerd.account;

import java.time.Duration;
import java.util.Optional;

/**
 * When an account's trader re-arms the venue's dead man's switch ({@link piker.contracts.spi.TradeClient#deadMansSwitch()}),
 * in plain code: it is kept armed while the account is logged in, its venue link is up and emsd's dialog for
 * it lives. When the dialog ends (emsd stopped, crashed or was replaced) the re-arming stops and the venue
 * cancels the account's open orders once the timeout runs out, unless a new dialog resumes it first.
 *
 * <p>Each input answers a {@link Step}: whether to arm now and what to do with the periodic tick. An arm not
 * confirmed by the next tick counts as failed (timed out), as does one the venue refuses.
 */
final class DeadMansSwitch {
  /**
   * Re-arm at a quarter of the timeout, so that three arms in a row may be lost before the venue cancels
   * (Kraken recommends re-arming every 15 to 30 s with a 60 s timeout), but no more often than every second
   * (a short timeout must not flood the venue) and no less often than every 15 s (a long one still notices a
   * refusal soon).
   */
  static final Duration SHORTEST_PERIOD = Duration.ofSeconds(1);
  static final Duration LONGEST_PERIOD = Duration.ofSeconds(15);

  /** What the actor does with its periodic tick. */
  enum Tick { START, KEEP, STOP }

  /** The actor's next move: {@code arm} is the number to tag an arm sent now, 0 for none. */
  record Step(long arm, Tick tick, boolean timedOut) {
    static final Step NOTHING = new Step(0, Tick.KEEP, false);

    boolean arms() {
      return arm != 0;
    }
  }

  /** What an arm's answer meant. */
  enum Heard { STALE, ARMED, ARMED_AGAIN, FAILED }

  private Duration timeout; // null while not logged in, or when the switch is off
  private boolean dialog;
  private boolean linkUp;
  private long sent;
  private boolean inFlight;
  private int failures;

  static Duration period(Duration timeout) {
    Duration quarter = timeout.dividedBy(4);
    return quarter.compareTo(SHORTEST_PERIOD) < 0 ? SHORTEST_PERIOD
        : quarter.compareTo(LONGEST_PERIOD) > 0 ? LONGEST_PERIOD : quarter;
  }

  /** True when the account has the switch on (known once logged in). */
  boolean on() {
    return timeout != null;
  }

  Duration timeout() {
    return timeout;
  }

  Duration period() {
    return period(timeout);
  }

  /** Failed arms in a row: one is worth a warning, more an error. */
  int failures() {
    return failures;
  }

  /** Logged in: {@code switchTimeout} is the client's switch, empty when off. */
  Step loggedIn(Optional<Duration> switchTimeout) {
    return change(() -> {
      timeout = switchTimeout.filter(t -> !t.isZero() && !t.isNegative()).orElse(null);
      linkUp = true;
    });
  }

  Step dialogOpened() {
    return change(() -> dialog = true);
  }

  Step dialogEnded() {
    return change(() -> dialog = false);
  }

  /** The venue link dropped: arms would only fail until it is back. */
  Step disconnected() {
    return change(() -> linkUp = false);
  }

  /** Logged in again after a drop: the new login may have reset the switch, so arm at once. */
  Step reconnected() {
    linkUp = true;
    return active() ? arm(Tick.START, false) : Step.NOTHING;
  }

  Step tick() {
    if (!active()) {
      return new Step(0, Tick.STOP, false); // a tick already on its way when the switch stopped
    }
    boolean timedOut = inFlight;
    if (timedOut) {
      failures++;
    }
    return arm(Tick.KEEP, timedOut);
  }

  /** The venue's answer to arm {@code number}: {@code failed} when it refused or the call failed. */
  Heard heard(long number, boolean failed) {
    if (number != sent || !inFlight) {
      return Heard.STALE; // counted as timed out already, or sent before the switch stopped
    }
    inFlight = false;
    if (failed) {
      failures++;
      return Heard.FAILED;
    }
    boolean recovered = failures > 0;
    failures = 0;
    return recovered ? Heard.ARMED_AGAIN : Heard.ARMED;
  }

  private boolean active() {
    return timeout != null && dialog && linkUp;
  }

  /** Arms when {@code input} makes the switch active, stops the tick when it makes it inactive. */
  private Step change(Runnable input) {
    boolean was = active();
    input.run();
    boolean now = active();
    if (now && !was) {
      return arm(Tick.START, false);
    }
    if (was && !now) {
      inFlight = false;
      return new Step(0, Tick.STOP, false);
    }
    return Step.NOTHING;
  }

  private Step arm(Tick tick, boolean timedOut) {
    inFlight = true;
    return new Step(++sent, tick, timedOut);
  }
}
