package piker.backends.binance.rest;

import java.util.function.LongSupplier;

/**
 * Binance's clock as seen from here: the local clock plus the offset {@code /api/v3/time} measured. Rate
 * windows, kline open periods and quote times follow the venue's clock, not ours.
 */
public final class ServerClock {
  private final LongSupplier localMillis;
  private volatile long offsetMillis;

  public ServerClock(LongSupplier localMillis) {
    this.localMillis = localMillis;
  }

  public static ServerClock system() {
    return new ServerClock(System::currentTimeMillis);
  }

  public void offset(long millis) {
    offsetMillis = millis;
  }

  public long offset() {
    return offsetMillis;
  }

  public long nowMillis() {
    return localMillis.getAsLong() + offsetMillis;
  }
}
