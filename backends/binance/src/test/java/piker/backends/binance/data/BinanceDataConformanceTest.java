package piker.backends.binance.data;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import piker.backends.binance.fake.BinanceFake;
import piker.backends.testkit.DataSideConformance;
import piker.backends.testkit.VenueDriver;

/** The binance backend's data side passes the conformance kit (backends/testkit) against the protocol fake. */
class BinanceDataConformanceTest implements DataSideConformance {
  private static BinanceFake fake;
  private static BinanceFakeDriver driver;

  @BeforeAll
  static void startFake() {
    // two frames of 1-minute history, a trade every 30 s so that every minute has a bar
    fake = BinanceFake.start(BinanceFake.Options.defaults().history(Duration.ofHours(36), Duration.ofSeconds(30)));
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
