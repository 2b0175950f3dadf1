package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A market named twice would be one stream counted once: refused before anything is sent. */
class QuoteInputTest {
  @TempDir
  Path dir;

  @Test
  void aRepeatedMarketIsBadInput() {
    CliRun run = CliRun.of("quote", "btcusdt.spot.sim", "btcusdt.spot.sim", "--count", "2", "-c", dir.toString());
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.stderr());
    assertEquals("quote: market 'btcusdt.spot.sim' is named twice: name each market once", run.stderr().strip());
  }

  @Test
  void aRepeatInAnotherCaseIsTheSameMarket() {
    CliRun run = CliRun.of("quote", "btcusdt.spot.sim", "ethusdt.spot.sim", "BTCUSDT.spot.sim", "-c", dir.toString());
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.stderr());
    assertEquals("quote: market 'BTCUSDT.spot.sim' is named twice ('btcusdt.spot.sim' is the same market): "
        + "name each market once", run.stderr().strip());
  }
}
