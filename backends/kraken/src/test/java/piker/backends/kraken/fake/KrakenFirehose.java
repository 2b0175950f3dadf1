package piker.backends.kraken.fake;

import java.util.List;
import piker.backends.testkit.wire.Pourer;

/**
 * The fake in firehose mode, for {@code piker bench feed --kraken} (docs/benchmarks.md): the fake starts as
 * usual (REST, public and private WebSocket v2 on ephemeral loopback ports) and every public connection
 * subscribed to {@code trade} or {@code ticker} ({@code event_trigger: bbo}) of the first N online pairs gets
 * their updates as fast as it reads them. A test-scope program, so pikerd never depends on test code:
 *
 * <pre>
 * java -cp backends/kraken/target/backends-kraken-0.1.0-SNAPSHOT-tests.jar:pikerd/target/lib/* \
 *     piker.backends.kraken.fake.KrakenFirehose [--markets N] [--rounds R]
 * </pre>
 *
 * Its first line is the bench option naming its endpoints ({@code --kraken REST_URL,WS_URL}); it runs until
 * stopped, then says how many messages it sent.
 */
public final class KrakenFirehose implements AutoCloseable {
  private final Firehose firehose;
  private final Pourer pourer;

  private KrakenFirehose(KrakenFake fake, int markets, int rounds) {
    List<Catalogue.Pair> online = fake.catalogue().all().stream()
        .filter(pair -> pair.status().equals("online")).limit(markets).toList();
    firehose = new Firehose(online);
    PublicWs streams = fake.publicStreams();
    pourer = new Pourer("kraken-fake-firehose", () -> streams.pour(firehose, rounds));
  }

  /**
   * Pours the first {@code markets} online pairs (at most 4) into every public connection subscribed to them,
   * {@code rounds} rounds (a trade and a ticker update per pair each) per socket write.
   */
  public static KrakenFirehose start(KrakenFake fake, int markets, int rounds) {
    if (markets < 1 || rounds < 1) {
      throw new IllegalArgumentException("markets and rounds must be at least 1");
    }
    return new KrakenFirehose(fake, markets, rounds);
  }

  /** Trade and ticker messages sent so far, over every connection. */
  public long messages() {
    return firehose.messages();
  }

  @Override
  public void close() {
    pourer.close();
  }

  public static void main(String[] args) throws InterruptedException {
    Pourer.Options options = Pourer.Options.parse(args, 4, 8);
    KrakenFake fake = KrakenFake.start();
    KrakenFirehose firehose = start(fake, options.markets(), options.rounds());
    Pourer.serveUntilStopped("--kraken " + fake.restUrl() + "," + fake.wsUrl(), firehose::messages, firehose, fake);
  }
}
