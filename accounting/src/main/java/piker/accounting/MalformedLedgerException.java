package piker.accounting;

import java.io.IOException;
import java.nio.file.Path;

/** A ledger file that cannot be read; it names the file and 1-based line so a human can fix it. */
public final class MalformedLedgerException extends IOException {
  private final transient Path file;
  private final int line;

  public MalformedLedgerException(Path file, int line, String reason) {
    super(file + ":" + line + ": " + reason);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }
}
