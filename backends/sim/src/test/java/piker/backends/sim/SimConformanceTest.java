package piker.backends.sim;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueSettings;
import piker.backends.testkit.DataSideConformance;
import piker.backends.testkit.TradeSideConformance;
import piker.backends.testkit.VenueDriver;

/** The sim backend passes the backend conformance kit (backends/testkit) against a quiet sim venue. */
class SimConformanceTest implements DataSideConformance, TradeSideConformance {
  @TempDir
  static Path dir;
  private static SimVenue venue;
  private static SimVenueDriver driver;

  @BeforeAll
  static void startVenue() {
    venue = SimVenue.start(new VenueSettings("127.0.0.1", 0, dir.resolve("venue"), 42, 0, Clock.systemUTC()), false);
    driver = new SimVenueDriver(venue, dir);
  }

  @AfterAll
  static void stopVenue() {
    venue.close();
  }

  @Override
  public VenueDriver driver() {
    return driver;
  }
}
