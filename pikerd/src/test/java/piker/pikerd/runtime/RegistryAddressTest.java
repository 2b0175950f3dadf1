package piker.pikerd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RegistryAddressTest {

  @Test
  void parsesHostAndPortFoldingLocalhost() {
    assertEquals(new RegistryAddress("127.0.0.1", 6116), RegistryAddress.parse("localhost:6116"));
    assertEquals(new RegistryAddress("10.0.0.2", 0), RegistryAddress.parse("10.0.0.2:0"));
    assertEquals("pekko://piker@127.0.0.1:7000", RegistryAddress.parse("127.0.0.1:7000").pekkoAddress());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "6116", "localhost", "localhost:", ":6116", "host:port", "host:70000", "a b:1",
      "127.0.0.1:6116:1"})
  void malformedValuesAreNamedInTheError(String text) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> RegistryAddress.parse(text));
    assertTrue(error.getMessage().contains("'" + text + "'"), error.getMessage());
  }

  @Test
  void logLevelsParseOrExplain() {
    assertEquals("WARNING", Logging.pekkoLevel(Logging.parseLevel("warn")));
    assertEquals("DEBUG", Logging.pekkoLevel(Logging.parseLevel("TRACE")));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Logging.parseLevel("loud")).getMessage()
        .contains("loud"));
  }
}
