package piker.accounting;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a ledger's torn tail before it is cut: its bytes are kept beside the ledger, in
 * {@code <ledger>.torn-<UTC time>} (owner-only, fsync'd), and a warning names what was dropped and
 * where the copy is. Nothing a crash left behind vanishes without a word.
 */
final class TornTails {
  private static final Logger LOG = LoggerFactory.getLogger(TornTails.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private TornTails() {}

  /** Keeps {@code bytes} after the contents' kept length beside {@code ledger}; returns the copy's path. */
  static Path keep(Path ledger, byte[] bytes, LedgerReader.Contents contents) throws IOException {
    int from = (int) contents.keptBytes();
    Path copy = write(ledger, ByteBuffer.wrap(bytes, from, bytes.length - from));
    DurableFiles.syncDirectory(ledger.toAbsolutePath().getParent());
    LedgerReader.Torn torn = contents.torn();
    String what = torn != null && torn.table() != null
        ? "the incomplete last table [" + torn.table() + "]"
        : "an incomplete last line";
    LOG.warn("{}: cut {} from line {} ({} bytes), which a write cut short by a crash leaves; its trade was "
            + "never reported. The cut bytes are kept in {}", ledger, what, torn != null ? torn.line() : "?",
        bytes.length - from, copy);
    return copy;
  }

  /** A new file named after the ledger and the time; a second cut in the same second gets a suffix. */
  private static Path write(Path ledger, ByteBuffer tail) throws IOException {
    String base = ledger.getFileName() + ".torn-" + STAMP.format(Instant.now());
    for (int attempt = 0; ; attempt++) {
      Path copy = ledger.resolveSibling(attempt == 0 ? base : base + "-" + attempt);
      try (FileChannel channel = OwnerOnly.createNew(copy)) {
        DurableFiles.writeFully(channel, tail);
        channel.force(true);
        return copy;
      } catch (FileAlreadyExistsException taken) {
        if (attempt >= 100) {
          throw taken;
        }
      }
    }
  }
}
