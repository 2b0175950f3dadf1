package piker.e2e.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A running pikerd process and the address its ready line announced. */
public final class PikerdProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader stdout;
  private final Path stderr;
  private final String address;
  private final Duration startup;

  private PikerdProcess(Process process, BufferedReader stdout, Path stderr, String address, Duration startup) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.address = address;
    this.startup = startup;
  }

  static PikerdProcess awaitReady(Process process, Path stderr, Duration timeout) throws IOException {
    long start = System.nanoTime();
    BufferedReader out = Processes.stdout(process);
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    String line;
    try {
      line = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      line = null;
    }
    if (line == null || !line.startsWith("pikerd ready ")) {
      process.destroyForcibly();
      throw new IllegalStateException("pikerd did not get ready (" + line + "); stderr:\n" + Files.readString(stderr));
    }
    return new PikerdProcess(process, out, stderr, line.substring("pikerd ready ".length()).strip(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** HOST:PORT from the ready line. */
  public String address() {
    return address;
  }

  public int port() {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** The next line pikerd prints after its ready line (e.g. {@code pikerd metrics URL}); null at its end. */
  public String nextLine(Duration within) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return stdout.readLine();
      } catch (IOException e) {
        return null;
      }
    }).get(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Duration startup() {
    return startup;
  }

  public Process process() {
    return process;
  }

  public String stderr() throws IOException {
    return Files.readString(stderr);
  }

  /** SIGTERM, then the exit code; -1 if it did not exit within the timeout. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive() && terminate(Duration.ofSeconds(15)) == -1) {
      process.destroyForcibly().waitFor();
    }
    Files.deleteIfExists(stderr);
  }
}
