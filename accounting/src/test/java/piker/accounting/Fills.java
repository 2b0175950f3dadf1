package piker.accounting;

import java.math.BigDecimal;
import java.time.Instant;
import piker.contracts.names.Fqme;

/** Test fills: cost is the 0.1% fee |size| * price * 0.001, computed exactly. */
final class Fills {
  static final String ACCOUNT = "sim.paper";
  static final Fqme BTC = Fqme.parse("btcusdt.spot.sim");
  static final Fqme ETH = Fqme.parse("ethusdt.spot.sim");
  static final BigDecimal FEE_RATE = new BigDecimal("0.001");
  private static final Instant START = Instant.parse("2026-03-01T12:00:00.123456Z");

  private Fills() {}

  static Clear fill(String tid, Fqme fqme, String size, String price) {
    BigDecimal signed = new BigDecimal(size);
    BigDecimal px = new BigDecimal(price);
    return new Clear(tid, fqme, signed, px, signed.abs().multiply(px).multiply(FEE_RATE),
        START.plusSeconds(tid.hashCode() & 0xffff), fqme.pair().toUpperCase());
  }

  static Clear fill(String tid, String size, String price) {
    return fill(tid, BTC, size, price);
  }

  static BigDecimal dec(String text) {
    return new BigDecimal(text);
  }
}
