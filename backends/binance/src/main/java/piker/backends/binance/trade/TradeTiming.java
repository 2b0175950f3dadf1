package piker.backends.binance.trade;

import java.time.Duration;

/**
 * The trade client's clocks (docs/venues/binance.md 13.3, 13.5): Binance's values in {@link #BINANCE}; tests
 * shorten them so that a reconnect or a never-placed verdict takes milliseconds.
 *
 * @param requestTimeout   no answer by then: in doubt
 * @param lookupEvery      how often an in-doubt placement is looked up by its client id
 * @param neverPlacedAfter how long "no such order" must persist before an in-doubt placement is judged never placed
 * @param reconnectMin     first wait before reconnecting the user data link, doubled per failure
 * @param reconnectMax     longest wait between reconnects
 * @param keepalive        silence after which we ping the user data link (a quiet link: once a second)
 * @param deadAfter        no frame (pongs included) for this long: the link is dead (a silent drop, which the JDK's
 *                         websocket does not always report, is noticed within it)
 * @param rotateAfter      replace the connection before Binance's 24 h cut
 */
record TradeTiming(Duration requestTimeout, Duration lookupEvery, Duration neverPlacedAfter, Duration reconnectMin,
                   Duration reconnectMax, Duration keepalive, Duration deadAfter, Duration rotateAfter) {
  // 13.5: recvWindow (5 s) + Binance's 10 s API timeout + a user data reconnect. The WS API allows far more
  // than one ping a second, which keeps a dropped link's reconnect within about 5 s, as on the market streams.
  static final TradeTiming BINANCE = new TradeTiming(Duration.ofSeconds(10), Duration.ofSeconds(1),
      Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(1),
      Duration.ofSeconds(3), Duration.ofHours(23).plusMinutes(50));
}
