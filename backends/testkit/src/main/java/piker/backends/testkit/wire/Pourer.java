package piker.backends.testkit.wire;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The thread of a fake's firehose mode (docs/benchmarks.md): pours again and again, each pour blocking while
 * a reader is behind, and waits a millisecond when nobody listens yet. Also the firehose programs' main loop.
 */
public final class Pourer implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;

  /** Starts calling {@code pour} (true when something was written) until closed. */
  public Pourer(String name, BooleanSupplier pour) {
    thread = new Thread(() -> {
      while (running) {
        if (!pour.getAsBoolean()) {
          LockSupport.parkNanos(1_000_000); // nobody listening yet
        }
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** A firehose program's arguments: {@code [--markets N] [--rounds R]} (rounds per socket write). */
  public record Options(int markets, int rounds) {
    public static Options parse(String[] args, int markets, int rounds) {
      for (int i = 0; i + 1 < args.length; i += 2) {
        switch (args[i]) {
          case "--markets" -> markets = Integer.parseInt(args[i + 1]);
          case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
          default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --markets N --rounds R");
        }
      }
      if (markets < 1 || rounds < 1) {
        throw new IllegalArgumentException("markets and rounds must be at least 1");
      }
      return new Options(markets, rounds);
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }

  /**
   * A firehose program's life: prints {@code optionLine} (the bench option naming the fake's endpoints) as
   * its first line, runs until the JVM is stopped, then closes {@code firehose} and {@code fake} and says how
   * many messages it sent.
   */
  public static void serveUntilStopped(String optionLine, LongSupplier sent, AutoCloseable firehose,
                                       AutoCloseable fake) throws InterruptedException {
    long started = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        firehose.close();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("firehose: %d events in %.1f s%n", sent.getAsLong(), seconds);
        System.out.flush();
        fake.close();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    System.out.println(optionLine);
    System.out.flush();
    Thread.currentThread().join(); // until stopped
  }
}
