package piker.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import piker.backends.binance.fake.BinanceFake;
import piker.backends.kraken.fake.KrakenFake;

/**
 * The Kraken protocol fake in this JVM and one pikerd whose conf.toml {@code [kraken]} points at it, with the
 * Binance fake and the quiet sim beside it: one pikerd serving three backends at once. The CLI pointed at
 * that pikerd ({@link #cli()}) keeps everything it printed.
 */
public final class KrakenSession implements AutoCloseable {
  private final KrakenFake kraken;
  private final BinanceFake binance;
  private final RecordingCli cli;

  private KrakenSession(KrakenFake kraken, BinanceFake binance, SimSession pikerd) {
    this.kraken = kraken;
    this.binance = binance;
    this.cli = new RecordingCli(pikerd);
  }

  /**
   * Both fakes and a pikerd pointed at them, with the live account {@code kraken.main}: Kraken's history goes
   * back 13 hours, a trade a minute, deeper than the 720 minutes its OHLC serves; Binance's is short.
   */
  public static KrakenSession start(Path configDir) throws Exception {
    KrakenFake kraken = KrakenFake.start(new KrakenFake.Options(Duration.ofHours(13), Duration.ofMinutes(1)));
    BinanceFake binance = null;
    try {
      binance = BinanceFake.start(BinanceFake.Options.quick());
      return new KrakenSession(kraken, binance, SimSession.start(configDir, conf(kraken, binance)));
    } catch (Exception | Error e) {
      kraken.close();
      if (binance != null) {
        binance.close();
      }
      throw e;
    }
  }

  /** Quiet sim, {@code [binance]} and {@code [kraken]} pointed at their fakes, with kraken.main. */
  public static String conf(KrakenFake kraken, BinanceFake binance) {
    return "[sim]\ntick_rate = 0\nvenue = \"\"\n" + BinanceSession.section(binance) + section(kraken);
  }

  /**
   * The {@code [kraken]} section pointed at the fake, with the live account kraken.main and the dead man's
   * switch on at Kraken's suggested 60 s.
   */
  public static String section(KrakenFake kraken) {
    return "[kraken]\nrest_url = \"" + kraken.restUrl() + "\"\nws_url = \"" + kraken.wsUrl()
        + "\"\nws_auth_url = \"" + kraken.wsAuthUrl() + "\"\ncancel_after = 60\n[kraken.accounts]\nmain = \"main\"\n";
  }

  /** Writes brokers.toml {@code [kraken]} with mode 0600, as the user does. */
  public static void brokersToml(Path configDir, String apiKey, String secret) throws IOException {
    Path file = configDir.resolve("brokers.toml");
    Files.writeString(file, "[kraken]\napi_key = \"" + apiKey + "\"\napi_secret = \"" + secret + "\"\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  public KrakenFake kraken() {
    return kraken;
  }

  public BinanceFake binance() {
    return binance;
  }

  public RecordingCli cli() {
    return cli;
  }

  public Path configDir() {
    return cli.pikerd().configDir();
  }

  @Override
  public void close() throws Exception {
    try {
      cli.pikerd().close();
    } finally {
      try {
        kraken.close();
      } finally {
        binance.close();
      }
    }
  }
}
