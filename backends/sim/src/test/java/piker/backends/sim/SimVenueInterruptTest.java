package piker.backends.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.sim.venue.SimVenue;
import piker.backends.sim.venue.VenueSettings;

/** An interrupt that reaches the venue's start or close is kept for the caller, never swallowed. */
class SimVenueInterruptTest {
  @TempDir
  Path dir;

  private VenueSettings settings() {
    return new VenueSettings("127.0.0.1", 0, dir, 42, 0, Clock.systemUTC());
  }

  @Test
  void anInterruptedStartFailsAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SimVenue.start(settings(), false));
      assertTrue(refused.getMessage().contains("interrupted"), refused.getMessage());
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was swallowed");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void anInterruptedCloseKeepsTheInterrupt() {
    SimVenue venue = SimVenue.start(settings(), false);
    Thread.currentThread().interrupt();
    try {
      venue.close();
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was swallowed");
    } finally {
      Thread.interrupted();
    }
  }
}
