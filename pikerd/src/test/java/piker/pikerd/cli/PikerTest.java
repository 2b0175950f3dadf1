package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** main's look for pikerd, which decides whether it takes TERM and INT before picocli loads. */
class PikerTest {
  @Test
  void pikerdIsTheFirstWordAfterTheGlobalOptions() {
    assertTrue(Piker.runsPikerd("pikerd"));
    assertTrue(Piker.runsPikerd("pikerd", "-c", "x"));
    assertTrue(Piker.runsPikerd("-c", "dir", "pikerd"));
    assertTrue(Piker.runsPikerd("-c", "dir", "--json", "--registry", "127.0.0.1:0", "-l", "info", "pikerd"));
    assertTrue(Piker.runsPikerd("--config-dir", "dir", "--loglevel", "info", "pikerd", "--registry", "127.0.0.1:0"));
    assertTrue(Piker.runsPikerd("-cdir", "--config-dir=dir", "--registry=127.0.0.1:0", "pikerd"));
  }

  @Test
  void anOptionsValueOrALaterWordIsNotPikerd() {
    assertFalse(Piker.runsPikerd("search", "pikerd"));
    assertFalse(Piker.runsPikerd("-c", "pikerd", "services"));
    assertFalse(Piker.runsPikerd("--config-dir", "pikerd", "services"));
    assertFalse(Piker.runsPikerd("--registry", "pikerd", "services"));
    assertFalse(Piker.runsPikerd("-l", "pikerd", "services"));
    assertFalse(Piker.runsPikerd("sim", "-c", "pikerd", "push"));
    assertFalse(Piker.runsPikerd("help", "pikerd"));
    assertFalse(Piker.runsPikerd("--help"));
    assertFalse(Piker.runsPikerd());
  }
}
