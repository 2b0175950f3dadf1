package piker.backends.binance.fake;

import java.util.List;
import piker.backends.testkit.wire.Pourer;

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
  private final Pourer pourer;

  private BinanceFirehose(BinanceFake fake, int markets, int rounds) {
    List<Catalogue.Market> trading = new Catalogue().all().stream()
        .filter(market -> market.status().equals("TRADING")).limit(markets).toList();
    firehose = new Firehose(trading);
    StreamHub streams = fake.streams();
    pourer = new Pourer("fake-firehose", () -> streams.pour(firehose, rounds));
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
    pourer.close();
  }

  public static void main(String[] args) throws InterruptedException {
    Pourer.Options options = Pourer.Options.parse(args, 6, 8);
    BinanceFake fake = BinanceFake.start();
    BinanceFirehose firehose = start(fake, options.markets(), options.rounds());
    Pourer.serveUntilStopped("--binance " + fake.restUrl() + "," + fake.streamUrl(), firehose::events, firehose,
        fake);
  }
}
