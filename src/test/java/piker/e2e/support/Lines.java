package piker.e2e.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A running process's stdout, line by line, with a deadline on every line. */
public final class Lines {
  private static final String EOF = "\u0000eof";
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

  public Lines(Process process) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process went away; EOF below says so
      }
      lines.add(EOF);
    }, "stdout-of-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** The next line, failing the test when none comes within {@code timeout} or the stream ended. */
  public String next(Duration timeout) {
    try {
      String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(line, "no line within " + timeout);
      if (line.equals(EOF)) {
        throw new AssertionError("the process closed its stdout");
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
