package piker.backends.kraken.trade;

import java.time.Duration;
import piker.backends.kraken.Reconnects;

/**
 * The trade client's clocks. Kraken sends a {@code heartbeat} about every second on a subscribed connection
 * (docs/venues/kraken.md 8.2), so a few silent seconds mean a dead link; reconnects start almost at once and back
 * off to a minute (from the start again only once a link stayed up a minute), at most 60 attempts in 10 minutes,
 * inside Kraken's advice (instant a handful of times, then no faster than every 5 s after
 * an outage; about 150 connects per 10 minutes per IP before a ban).
 *
 * @param requestTimeout  an answer to an order request on the websocket ({@code add_order}, {@code cancel_order},
 *                        the switch), else in doubt
 * @param pingAfter       silence after which the link pings
 * @param deadAfter       silence after which a link that has answered a ping is dead
 * @param quietDeadAfter  silence after which a link that never answered a ping is dead
 * @param reconnectMin    first wait before reconnecting; doubles up to {@code reconnectMax}
 * @param reconnectMax    longest wait between reconnects
 * @param connectAndRestTimeout a REST call's answer, a websocket's connect and its subscription's ack
 * @param stableAfter     how long a link must stay up before its next drop reconnects from {@code reconnectMin}
 *                        again (a link accepted and then dropped keeps backing off)
 */
public record TradeTiming(Duration requestTimeout, Duration pingAfter, Duration deadAfter, Duration quietDeadAfter,
                          Duration reconnectMin, Duration reconnectMax, Duration connectAndRestTimeout,
                          Duration stableAfter) {
  /** Kraken's reconnect pacing ({@link Reconnects#STABLE_AFTER}); attempts count in {@link Reconnects.Budget#forHost}. */
  public TradeTiming(Duration requestTimeout, Duration pingAfter, Duration deadAfter, Duration quietDeadAfter,
                     Duration reconnectMin, Duration reconnectMax, Duration connectAndRestTimeout) {
    this(requestTimeout, pingAfter, deadAfter, quietDeadAfter, reconnectMin, reconnectMax, connectAndRestTimeout,
        Reconnects.STABLE_AFTER);
  }

  /** The wait before the n-th reconnect in a row: {@code reconnectMin} doubling to {@code reconnectMax}. */
  long backoffMs(int step) {
    long min = reconnectMin.toMillis();
    long max = reconnectMax.toMillis();
    // past a long, min << step wraps (to a small wait, even); the shift is taken only where it fits
    return step >= 63 || min > (Long.MAX_VALUE >> step) ? max : Math.min(max, min << step);
  }

  // as the public stream's watchdog: 2 s of silence (two missed heartbeats) earns a ping, 4 s is a dead link
  // (5 s if the server never answered a ping), so a drop the JDK does not report is noticed inside 5 s
  public static final TradeTiming KRAKEN = new TradeTiming(Duration.ofSeconds(10), Duration.ofSeconds(2),
      Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofSeconds(60), Duration.ofSeconds(10));
}
