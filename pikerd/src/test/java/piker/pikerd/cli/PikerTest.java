package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PikerTest {
  @Test
  void pikerdIsTheFirstWordAfterTheGlobalOptions() {
    assertTrue(Piker.runsPikerd("pikerd", "-c", "x"));
    assertTrue(Piker.runsPikerd("-c", "dir", "--json", "--registry", "127.0.0.1:0", "-l", "info", "pikerd"));
    assertFalse(Piker.runsPikerd("search", "pikerd"));
    assertFalse(Piker.runsPikerd("-c", "pikerd", "services"));
    assertFalse(Piker.runsPikerd("--help"));
  }
}
