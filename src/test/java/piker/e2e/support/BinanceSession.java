package piker.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import piker.backends.binance.fake.BinanceFake;

/**
 * The Binance protocol fake in this JVM and one pikerd whose conf.toml {@code [binance]} points at it (quiet
 * sim beside it), and the CLI pointed at that pikerd ({@link #cli()}, which keeps everything it printed).
 */
public final class BinanceSession implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BinanceFake fake;
  private final RecordingCli cli;

  private BinanceSession(BinanceFake fake, SimSession pikerd) {
    this.fake = fake;
    this.cli = new RecordingCli(pikerd);
  }

  /** A fake with a short history and a pikerd pointed at it, with the live account {@code binance.main}. */
  public static BinanceSession start(Path configDir) throws Exception {
    BinanceFake fake = BinanceFake.start(BinanceFake.Options.quick());
    try {
      return new BinanceSession(fake, SimSession.start(configDir, conf(fake)));
    } catch (Exception | Error e) {
      fake.close();
      throw e;
    }
  }

  /** Quiet sim, no standalone venue, and {@code [binance]} pointed at the fake with the account binance.main. */
  public static String conf(BinanceFake fake) {
    return "[sim]\ntick_rate = 0\nvenue = \"\"\n" + section(fake);
  }

  /** The {@code [binance]} section pointed at the fake, with the live account binance.main. */
  public static String section(BinanceFake fake) {
    return "[binance]\nrest_url = \"" + fake.restUrl() + "\"\nstream_url = \"" + fake.streamUrl()
        + "\"\nws_api_url = \"" + fake.wsApiUrl() + "\"\n[binance.accounts]\nmain = \"main\"\n";
  }

  /** Writes brokers.toml {@code [binance]} with mode 0600, as the user does. */
  public static void brokersToml(Path configDir, String apiKey, String secret) throws IOException {
    Path file = configDir.resolve("brokers.toml");
    Files.writeString(file, "[binance]\napi_key = \"" + apiKey + "\"\napi_secret = \"" + secret + "\"\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  public BinanceFake fake() {
    return fake;
  }

  public RecordingCli cli() {
    return cli;
  }

  public SimSession pikerd() {
    return cli.pikerd();
  }

  public Path configDir() {
    return cli.pikerd().configDir();
  }

  /** The fake's klines of a symbol (its whole short history), by open time in ms; rows as the wire has them. */
  public Map<Long, JsonNode> klines(String symbol, String interval) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fake.restUrl()
        + "/api/v3/klines?symbol=" + symbol + "&interval=" + interval + "&limit=1000")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    Map<Long, JsonNode> byOpen = new TreeMap<>();
    RecordingCli.JSON.readTree(response.body()).forEach(row -> byOpen.put(row.get(0).asLong(), row));
    return byOpen;
  }

  @Override
  public void close() throws Exception {
    try {
      cli.pikerd().close();
    } finally {
      fake.close();
    }
  }
}
