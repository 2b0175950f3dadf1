package piker.backends.binance.fake;

/** When a REST request arrived at the fake (local wall clock, ms): lets a test assert none came before a Retry-After. */
public record Arrival(long atMillis, String method, String path) {}
