package piker.backends.kraken.data;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import piker.backends.kraken.KrakenFakeDriver;
import piker.backends.kraken.fake.KrakenFake;
import piker.backends.testkit.DataSideConformance;
import piker.backends.testkit.VenueDriver;

/** The kraken backend's data side passes the conformance kit (backends/testkit) against the protocol fake. */
class KrakenDataConformanceTest implements DataSideConformance {
  private static KrakenFake fake;
  private static KrakenFakeDriver driver;

  @BeforeAll
  static void startFake() {
    // OHLC's whole 720-minute window of 1-minute history, a trade every 30 s so every minute has a candle
    fake = KrakenFake.start(new KrakenFake.Options(Duration.ofHours(13), Duration.ofSeconds(30)));
    driver = new KrakenFakeDriver(fake);
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
