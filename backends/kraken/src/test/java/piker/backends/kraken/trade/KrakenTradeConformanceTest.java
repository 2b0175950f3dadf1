package piker.backends.kraken.trade;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.kraken.fake.KrakenFake;
import piker.backends.testkit.TradeSideConformance;
import piker.backends.testkit.VenueDriver;

/**
 * The kraken backend's trade side (opened as brokerd opens it, from brokers.toml [kraken] api_key and api_secret)
 * passes the conformance kit against the protocol fake, fees off so a fill moves the base balance by its size.
 */
class KrakenTradeConformanceTest implements TradeSideConformance {
  @TempDir
  static Path stateDir;
  private static KrakenFake fake;
  private static KrakenTradeDriver driver;

  @BeforeAll
  static void startFake() {
    fake = KrakenFake.start(KrakenFake.Options.quick());
    driver = new KrakenTradeDriver(fake, stateDir);
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
