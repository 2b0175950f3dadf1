package piker.pikerd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings in pikerd.conf that a long-running pikerd depends on (docs/operations.md, "The soak"). */
class PikerdConfTest {
  private static final String REMOVE_AFTER = "pekko.remote.artery.advanced.remove-quarantined-association-after";

  @Test
  void aDepartedClientsAssociationIsReleasedWithinMinutesNotAfterPekkosHour() {
    Config pekkoDefaults = ConfigFactory.defaultReference();
    Config pikerd = ConfigFactory.parseResources("pikerd.conf").withFallback(pekkoDefaults).resolve();

    Duration removeAfter = pikerd.getDuration(REMOVE_AFTER);
    assertEquals(Duration.ofMinutes(5), removeAfter);
    assertTrue(removeAfter.compareTo(pekkoDefaults.getDuration(REMOVE_AFTER)) < 0,
        "shorter than Pekko's default, or the soak's client JVMs hold their associations for an hour");
    // Pekko quarantines a departed client's association first; the removal must come after that stop
    assertTrue(removeAfter.compareTo(
        pikerd.getDuration("pekko.remote.artery.advanced.stop-quarantined-after-idle")) > 0);
  }
}
