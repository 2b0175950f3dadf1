package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.CliResult;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;

/**
 * `piker pikerd --metrics`: a real pikerd serving Prometheus text and its health over HTTP on loopback, scraped
 * after a short run of quotes, a paper order and a dark order; `piker status`; a taken metrics port exits 3.
 */
class MetricsE2ETest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** One sample line of the Prometheus text format: name{labels} value. */
  private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)(\\{[^}]*})? (\\S+)$");

  @TempDir
  static Path configDir;
  @TempDir
  static Path secondDir;
  private static PikerdProcess pikerd;
  private static URI metrics;

  @BeforeAll
  static void startPikerd() throws Exception {
    Processes.writeConf(configDir, """
        [sim]
        seed = 42
        tick_rate = 20
        venue = ""
        [risk."sim.paper"]
        price_band = 0.5
        """);
    pikerd = Processes.startPikerd(configDir, "127.0.0.1:0", "--metrics", "127.0.0.1:0");
    String line = pikerd.nextLine(Duration.ofSeconds(10));
    assertTrue(line != null && line.startsWith("pikerd metrics http://127.0.0.1:"), line);
    metrics = URI.create(line.substring("pikerd metrics ".length()));
  }

  @AfterAll
  static void stopPikerd() throws Exception {
    if (pikerd != null) {
      pikerd.close();
    }
  }

  private static CliResult piker(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", configDir.toString(), "--registry", pikerd.address()));
    return Processes.piker(CLI_TIMEOUT, all.toArray(String[]::new));
  }

  private static CliResult ok(String... args) {
    CliResult result = piker(args);
    assertEquals(0, result.exitCode(), result.toString());
    return result;
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every sample of the scrape: "name{labels}" (labels as printed) to its value. */
  private static Map<String, Double> scrape() throws Exception {
    HttpResponse<String> response = get(metrics);
    assertEquals(200, response.statusCode(), response.body());
    Map<String, Double> samples = new HashMap<>();
    Matcher sample = SAMPLE.matcher(response.body());
    while (sample.find()) {
      samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)), Double.parseDouble(sample.group(3)));
    }
    return samples;
  }

  private static double value(Map<String, Double> samples, String series) {
    Double value = samples.get(series);
    assertTrue(value != null, series + " is not in the scrape: " + samples.keySet().stream()
        .filter(name -> name.startsWith("piker_") && !name.contains("_bucket")).sorted()
        .collect(Collectors.joining(", ")));
    return value;
  }

  @Test
  void aShortRunShowsQuotesOrdersTheJournalAndTheJvmWithSaneValuesAndHealthIsOk() throws Exception {
    ok("quote", "btcusdt.spot.sim", "--count", "5", "--json");
    ok("order", "buy", "ethusdt.spot.sim", "--size", "0.01", "--price", "3100", "--json");
    ok("order", "buy", "btcusdt.spot.sim", "--size", "0.001", "--price", "50000", "--dark", "--oid", "dark-m");

    Map<String, Double> samples = scrape();
    String btc = "backend=\"sim\",market=\"btcusdt.spot.sim\"";
    assertTrue(value(samples, "piker_quotes_in_total{" + btc + "}") >= 5);
    assertTrue(value(samples, "piker_quotes_out_total{" + btc + "}") >= 5);
    assertEquals(0, value(samples, "piker_quotes_dropped_total{backend=\"sim\"}"), "no subscriber fell behind");
    assertTrue(value(samples, "piker_quote_delay_seconds_count{backend=\"sim\"}") >= 1);
    double delayMax = value(samples, "piker_quote_delay_seconds_max{backend=\"sim\"}");
    assertTrue(delayMax > 0 && delayMax < 10, "a quote waited " + delayMax + " s in datad");
    assertTrue(value(samples, "piker_orders_statuses_total{status=\"open\"}") >= 1);
    assertTrue(value(samples, "piker_orders_statuses_total{status=\"dark_open\"}") >= 1);
    assertTrue(value(samples, "piker_order_roundtrip_seconds_count{answer=\"open\"}") >= 1);
    assertTrue(value(samples, "piker_order_roundtrip_seconds_count{answer=\"dark_open\"}") >= 1);
    double roundTrip = value(samples, "piker_order_roundtrip_seconds_max{answer=\"dark_open\"}");
    assertTrue(roundTrip > 0 && roundTrip < 30, "a dark order's round trip took " + roundTrip + " s");
    assertTrue(value(samples, "piker_journal_lag_seconds_count") >= 2, "the orders' events were journaled");
    assertTrue(value(samples, "piker_journal_write_seconds_count") >= 1);
    assertTrue(samples.keySet().stream().anyMatch(name -> name.startsWith("jvm_memory_used_bytes{")), "the JVM");
    assertTrue(value(samples, "process_uptime_seconds") > 0);

    HttpResponse<String> health = get(metrics.resolve("/health"));
    assertEquals(200, health.statusCode(), health.body());
    JsonNode report = JSON.readTree(health.body());
    assertEquals("ok", report.get("status").asText());
    Map<String, String> states = new HashMap<>();
    report.get("daemons").forEach(daemon -> states.put(daemon.get("name").asText(), daemon.get("state").asText()));
    for (String daemon : Set.of("samplerd", "datad.sim", "emsd", "paperboi.sim")) {
      assertEquals("up", states.get(daemon), daemon + " in " + health.body());
    }

    JsonNode status = JSON.readTree(ok("status", "--json").stdout());
    assertEquals("ok", status.get("status").asText());
    assertEquals("pekko://piker@" + pikerd.address(), status.get("node").asText());
    assertEquals(states.keySet().size(), status.get("daemons").size(), "the same report as /health");
  }

  @Test
  void aPikerdWhoseMetricsAddressIsTakenSaysSoAndExits3() {
    CliResult result = Processes.piker(CLI_TIMEOUT, "pikerd", "-c", secondDir.toString(), "--registry",
        "127.0.0.1:0", "--metrics", metrics.getHost() + ":" + metrics.getPort());
    assertEquals(3, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("pikerd: cannot serve metrics at 127.0.0.1:" + metrics.getPort()),
        result.stderr());
    assertEquals("", result.stdout(), "never ready");
  }
}
