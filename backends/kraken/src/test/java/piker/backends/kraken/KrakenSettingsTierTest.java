package piker.backends.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** conf.toml {@code [kraken] tier}: the private call counter's tier, the lowest unless set. */
class KrakenSettingsTierTest {
  @Test
  void theLowestTierUnlessConfTomlSaysOtherwise() {
    assertEquals("starter", KrakenSettings.from(Map.of()).tier());
    assertEquals("pro", KrakenSettings.from(Map.of(KrakenSettings.TIER, " Pro ")).tier());
  }

  @Test
  void anUnknownTierIsRefusedNamingTheChoices() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> KrakenSettings.from(Map.of(KrakenSettings.TIER, "gold")));
    assertEquals("[kraken] tier is one of starter, intermediate, pro, not gold", refused.getMessage());
  }
}
