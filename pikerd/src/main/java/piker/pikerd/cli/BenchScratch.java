package piker.pikerd.cli;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import piker.pikerd.bench.Scratch;
import piker.pikerd.runtime.Logging;

/** Where a benchmark keeps what it writes: a fresh folder, removed with everything in it afterwards. */
final class BenchScratch {
  @Option(names = "--scratch-in", hidden = true, paramLabel = "DIR",
      description = "Make the scratch folder in DIR instead of the system's temp dir (tests).")
  Path parent;

  Path create(String prefix) throws IOException {
    return parent == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(parent, prefix);
  }

  static void remove(Path scratch) throws IOException {
    Scratch.delete(scratch);
  }

  /** A benchmark, run in its scratch folder. */
  @FunctionalInterface
  interface Body {
    void run(Path scratch) throws Exception;
  }

  /**
   * Runs {@code body} in a fresh folder named {@code prefix}..., logging at warnings (or the level asked for),
   * and removes the folder with everything in it afterwards, whatever happened.
   */
  int run(GlobalOptions global, String prefix, Body body) throws Exception {
    Logging.configure(global.logLevel(Level.WARN), Optional.empty());
    Path scratch = create(prefix);
    try {
      body.run(scratch);
      return ExitCodes.OK;
    } finally {
      remove(scratch);
      Logging.stop();
    }
  }
}
