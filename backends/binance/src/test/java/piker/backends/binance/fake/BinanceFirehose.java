package piker.backends.binance.fake;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The fake in firehose mode, for {@code piker bench feed --binance} (docs/benchmarks.md): the fake starts as
 * usual (REST, streams, WS API on ephemeral loopback ports) and every market stream connection holding
 * {@code <symbol>@trade} or {@code <symbol>@bookTicker} of the first N trading markets gets their events as
 * fast as it reads them. A test-scope program, so pikerd never depends on test code:
 *
 * <pre>
 * java -cp backends/binance/target/backends-binance-0.1.0-SNAPSHOT-tests.jar:pikerd/target/lib/* \
 *     piker.backends.binance.fake.BinanceFirehose [--markets N] [--rounds R]
 * </pre>
 *
 * Its first line is the bench option naming its endpoints ({@code --binance REST_URL,STREAM_URL}); it runs
 * until stopped, then says how many events it sent.
 */
public final class BinanceFirehose implements AutoCloseable {
  private final Firehose firehose;
  private final Thread pourer;
  private volatile boolean running = true;

  private BinanceFirehose(BinanceFake fake, int markets, int rounds) {
    List<Catalogue.Market> trading = new Catalogue().all().stream()
        .filter(market -> market.status().equals("TRADING")).limit(markets).toList();
    firehose = new Firehose(trading);
    StreamHub streams = fake.streams();
    pourer = new Thread(() -> {
      while (running) {
        if (!streams.pour(firehose, rounds)) {
          LockSupport.parkNanos(1_000_000); // nobody listening yet
        }
      }
    }, "fake-firehose");
    pourer.setDaemon(true);
    pourer.start();
  }

  /**
   * Pours the first {@code markets} trading markets (at most 6) into every connection that holds their streams,
   * {@code rounds} rounds (a trade and a book ticker per market each) per socket write.
   */
  public static BinanceFirehose start(BinanceFake fake, int markets, int rounds) {
    if (markets < 1 || rounds < 1) {
      throw new IllegalArgumentException("markets and rounds must be at least 1");
    }
    return new BinanceFirehose(fake, markets, rounds);
  }

  /** Events sent so far, over every connection. */
  public long events() {
    return firehose.events();
  }

  @Override
  public void close() {
    running = false;
    pourer.interrupt();
  }

  public static void main(String[] args) throws InterruptedException {
    int markets = 6;
    int rounds = 8;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--markets" -> markets = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --markets N --rounds R");
      }
    }
    BinanceFake fake = BinanceFake.start();
    BinanceFirehose firehose = start(fake, markets, rounds);
    long started = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      firehose.close();
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("firehose: %d events in %.1f s%n", firehose.events(), seconds);
      System.out.flush();
      fake.close();
    }));
    System.out.println("--binance " + fake.restUrl() + "," + fake.streamUrl());
    System.out.flush();
    Thread.currentThread().join(); // until stopped
  }
}
