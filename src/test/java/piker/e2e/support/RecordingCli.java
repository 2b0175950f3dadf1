package piker.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The CLI pointed at one pikerd, keeping everything it printed so a test can search it for credentials; the
 * venue sessions (a protocol fake plus that pikerd) share it, with the readers of the CLI's JSON.
 */
public final class RecordingCli {
  /** Reads numbers as exact decimals, trailing zeros kept. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private final SimSession pikerd;
  private final StringBuilder printed = new StringBuilder();

  public RecordingCli(SimSession pikerd) {
    this.pikerd = pikerd;
  }

  public SimSession pikerd() {
    return pikerd;
  }

  /** Runs one command against this pikerd and keeps what it printed. */
  public CliResult piker(String... args) {
    CliResult result = pikerd.piker(args);
    printed(result.stdout() + result.stderr());
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

  /** One line read from a running command, parsed, and kept for the credentials search. */
  public JsonNode readJson(String line) throws IOException {
    printed(line + "\n");
    return JSON.readTree(line);
  }

  /** The warnings and errors at the end of pikerd's log, to say why a command failed. */
  public String pikerdLogTail() throws IOException {
    Path log = pikerd.configDir().resolve("logs/pikerd.log");
    if (!Files.exists(log)) {
      return "";
    }
    List<String> notable = Files.readAllLines(log).stream().filter(line -> !line.contains(" INFO ")).toList();
    return "\n--- pikerd.log (warnings and errors, last 20)\n"
        + String.join("\n", notable.subList(Math.max(0, notable.size() - 20), notable.size()));
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

  /**
   * A quote line of {@code fqme} carries exactly {@code ticks} ("trade 3000.75 1.5", exact as numbers), and its
   * decimals are written plainly (no exponent).
   */
  public static void assertTicks(String line, String fqme, String... ticks) throws IOException {
    JsonNode quote = JSON.readTree(line);
    assertEquals(fqme, quote.get("fqme").asText(), line);
    List<String> shown = new ArrayList<>();
    quote.get("ticks").forEach(tick -> shown.add(tick.get("type").asText() + " "
        + tick.get("price").decimalValue().stripTrailingZeros().toPlainString() + " "
        + tick.get("size").decimalValue().stripTrailingZeros().toPlainString()));
    assertEquals(List.of(ticks), shown, line);
    if (line.contains("E-") || line.contains("E+")) {
      throw new AssertionError("plain decimals: " + line);
    }
  }

  /** The statuses' {@code resp} words, in order. */
  public static List<String> resps(List<JsonNode> statuses) {
    return statuses.stream().map(status -> status.get("resp").asText()).toList();
  }
}
