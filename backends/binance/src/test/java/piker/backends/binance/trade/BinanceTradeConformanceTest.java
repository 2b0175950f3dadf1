package piker.backends.binance.trade;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import piker.backends.binance.data.BinanceFakeDriver;
import piker.backends.binance.fake.BinanceFake;
import piker.backends.testkit.TradeSideConformance;
import piker.backends.testkit.VenueDriver;

/**
 * The binance backend's trade side (opened as brokerd opens it, from brokers.toml [binance] api_key and
 * api_secret) passes the conformance kit (backends/testkit) against the protocol fake, whose commission is
 * zero here: the kit counts a fill's size exactly in the base asset's balance.
 */
class BinanceTradeConformanceTest implements TradeSideConformance {
  private static BinanceFake fake;
  private static BinanceFakeDriver driver;

  @BeforeAll
  static void startFake() {
    fake = BinanceFake.start(BinanceFake.Options.quick());
    fake.commissionRate("0");
    driver = new BinanceFakeDriver(fake);
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @Override
  public VenueDriver driver() {
    return driver;
  }
}
