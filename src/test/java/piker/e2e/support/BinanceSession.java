package piker.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import piker.backends.binance.fake.BinanceFake;

/**
 * The Binance protocol fake in this JVM and one pikerd whose conf.toml {@code [binance]} points at it (quiet
 * sim beside it), the CLI pointed at that pikerd, and everything the CLI printed (searched for credentials).
 */
public final class BinanceSession implements AutoCloseable {
  /** Reads numbers as exact decimals, trailing zeros kept. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BinanceFake fake;
  private final SimSession pikerd;
  private final StringBuilder printed = new StringBuilder();

  private BinanceSession(BinanceFake fake, SimSession pikerd) {
    this.fake = fake;
    this.pikerd = pikerd;
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

  public static String conf(BinanceFake fake) {
    return "[sim]\ntick_rate = 0\nvenue = \"\"\n"
        + "[binance]\nrest_url = \"" + fake.restUrl() + "\"\nstream_url = \"" + fake.streamUrl()
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

  public SimSession pikerd() {
    return pikerd;
  }

  public Path configDir() {
    return pikerd.configDir();
  }

  /** Runs one command against this pikerd and keeps what it printed. */
  public CliResult piker(String... args) {
    CliResult result = pikerd.piker(args);
    synchronized (printed) {
      printed.append(result.stdout()).append(result.stderr());
    }
    return result;
  }

  /** Runs independent commands side by side (each its own JVM), results in the order given. */
  @SafeVarargs
  public final List<CliResult> pikerTogether(List<String>... commands) {
    List<CompletableFuture<CliResult>> running = new ArrayList<>();
    for (List<String> command : commands) {
      running.add(CompletableFuture.supplyAsync(() -> piker(command.toArray(String[]::new))));
    }
    return running.stream().map(CompletableFuture::join).toList();
  }

  /** Starts a command against this pikerd and leaves it running. */
  public Process startPiker(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(pikerd.target());
    return Processes.startPiker(all.toArray(String[]::new));
  }

  /** Keeps output read from a process started with {@link #startPiker}. */
  public void printed(String text) {
    synchronized (printed) {
      printed.append(text);
    }
  }

  public String printed() {
    synchronized (printed) {
      return printed.toString();
    }
  }

  /** The warnings and errors at the end of pikerd's log, to say why a command failed. */
  public String pikerdLogTail() throws IOException {
    Path log = configDir().resolve("logs/pikerd.log");
    if (!Files.exists(log)) {
      return "";
    }
    List<String> notable = Files.readAllLines(log).stream().filter(line -> !line.contains(" INFO ")).toList();
    return "\n--- pikerd.log (warnings and errors, last 20)\n"
        + String.join("\n", notable.subList(Math.max(0, notable.size() - 20), notable.size()));
  }

  /** The fake's klines of a symbol (its whole short history), by open time in ms; rows as the wire has them. */
  public Map<Long, JsonNode> klines(String symbol, String interval) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fake.restUrl()
        + "/api/v3/klines?symbol=" + symbol + "&interval=" + interval + "&limit=1000")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    Map<Long, JsonNode> byOpen = new TreeMap<>();
    JSON.readTree(response.body()).forEach(row -> byOpen.put(row.get(0).asLong(), row));
    return byOpen;
  }

  /** One line read from a running command, parsed, and kept for the credentials search. */
  public JsonNode readJson(String line) throws IOException {
    printed(line + "\n");
    return JSON.readTree(line);
  }

  /** stderr's lines but the CLI's notice that pikerd is slow to answer (a crowded box's, not the command's). */
  public static List<String> messageLines(CliResult result) {
    return result.stderrLines().stream().filter(line -> !line.contains("is slow to answer")).toList();
  }

  public static List<JsonNode> jsonLines(String stdout) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : stdout.strip().split("\n")) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  public static void assertDecimal(String expected, JsonNode node) {
    assertEquals(0, new BigDecimal(expected).compareTo(node.decimalValue()), node + " != " + expected);
  }

  @Override
  public void close() throws Exception {
    try {
      pikerd.close();
    } finally {
      fake.close();
    }
  }
}
