package piker.pikerd.cli.agent;

import java.io.IOException;
import java.io.OutputStream;

/**
 * System.out or System.err of the agent's JVM: whoever took the stream once (logback's console appender, Scala's
 * Console) writes to the command now running, and nowhere between commands.
 */
final class SwitchedStream extends OutputStream {
  private volatile OutputStream target = OutputStream.nullOutputStream();

  void switchTo(OutputStream next) {
    target = next;
  }

  void discard() {
    target = OutputStream.nullOutputStream();
  }

  @Override
  public void write(int b) throws IOException {
    target.write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    target.write(bytes, offset, length);
  }

  @Override
  public void flush() throws IOException {
    target.flush();
  }
}
