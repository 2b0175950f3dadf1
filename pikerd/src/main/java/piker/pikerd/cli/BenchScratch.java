package piker.pikerd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import piker.pikerd.bench.Scratch;

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
}
