package piker.contracts.testkit;

import java.math.BigDecimal;
import java.util.List;
import piker.contracts.market.Asset;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;
import piker.contracts.names.Fqme;

/** Market values for daemon tests: the sim catalogue's btcusdt.spot.sim and quotes of it. */
public final class Markets {
  public static final Fqme BTC = Fqme.parse("btcusdt.spot.sim");
  public static final MktPair BTC_MKT = new MktPair(BTC, new Asset("btc", "crypto", new BigDecimal("0.00000001")),
      new Asset("usdt", "crypto", new BigDecimal("0.01")), new BigDecimal("0.01"), new BigDecimal("0.00001"),
      new BigDecimal("0.001"), "BTCUSDT");

  private Markets() {}

  /** A quiet market's startup quote: last at the reference, bid and ask a tick either side. */
  public static Quote startup(String last, String bid, String ask) {
    return new Quote(BTC, 1L, new BigDecimal(last), new BigDecimal(bid), new BigDecimal(ask), List.of());
  }

  /** One tick, as the venue would send it. */
  public static Quote tick(String type, String price) {
    BigDecimal p = new BigDecimal(price);
    return new Quote(BTC, System.nanoTime(), type.equals("trade") ? p : null, type.equals("bid") ? p : null,
        type.equals("ask") ? p : null, List.of(new Tick(type, p, BigDecimal.ONE)));
  }
}
