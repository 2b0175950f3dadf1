package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import piker.e2e.support.CliResult;
import piker.e2e.support.Lines;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;

/** A standalone venue killed and restarted under a running pikerd: quotes resume by themselves. */
@Isolated // it measures a recovery against a time bound: nothing else runs beside it
class VenueRestartE2ETest {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
  private static final Duration LINE = Duration.ofSeconds(20);

  /** A standalone venue on {@code port} (0: an ephemeral one), and the port it listens on. */
  private record Venue(Process process, int port) {}

  private static Venue serveVenue(Path configDir, int port) {
    try {
      Process venue = Processes.startPiker("sim", "serve", "--port", String.valueOf(port), "-c", configDir.toString());
      String ready = new Lines(venue).next(LINE);
      assertTrue(ready.startsWith("sim venue ready 127.0.0.1:"), ready);
      int bound = Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
      assertTrue(port == 0 || bound == port, ready);
      return new Venue(venue, bound);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void push(Path configDir, String price) {
    CliResult result = Processes.piker(Duration.ofSeconds(30), "sim", "push", "ethusdt.spot.sim", "trade", price,
        "-c", configDir.toString());
    assertEquals(0, result.exitCode(), result.toString());
  }

  @Test
  void quotesResumeWithinFiveSecondsWithoutRestartingPikerd(@TempDir Path configDir) throws Exception {
    // an ephemeral port, taken by the venue itself; its restart takes the same one again
    Processes.writeConf(configDir, "[sim]\nseed = 42\ntick_rate = 0\n");
    Venue first = serveVenue(configDir, 0);
    int port = first.port();
    Process venue = first.process();
    Processes.writeConf(configDir, "[sim]\nseed = 42\ntick_rate = 0\nvenue = \"127.0.0.1:" + port + "\"\n");
    // quotes are under test: no backfill, whose klines would load the restarting venue on a busy CI box
    try (PikerdProcess pikerd = Processes.startPikerdWith(Map.of("piker.datad.backfill.seconds", "0",
        "piker.datad.backfill.minutes", "0"), configDir, "127.0.0.1:0", "--metrics", "127.0.0.1:0")) {
      URI metrics = URI.create(pikerd.nextLine(LINE).substring("pikerd metrics ".length()));
      Process quote = Processes.startPiker("quote", "ethusdt.spot.sim", "--json", "--timeout", "90s",
          "-c", configDir.toString(), "--registry", pikerd.address());
      Lines lines = new Lines(quote);
      assertEquals("3000.00", JSON.readTree(lines.next(LINE)).get("last").decimalValue().toPlainString());
      push(configDir, "3000.01");
      assertEquals("3000.01", JSON.readTree(lines.next(LINE)).get("last").decimalValue().toPlainString());

      venue.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      venue = serveVenue(configDir, port).process();
      long restarted = System.nanoTime();
      JsonNode resumed = JSON.readTree(lines.next(Duration.ofSeconds(10)));
      Duration took = Duration.ofNanos(System.nanoTime() - restarted);
      assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "quotes resumed after " + took);
      assertEquals("ethusdt.spot.sim", resumed.get("fqme").asText());
      push(configDir, "3000.02");
      assertEquals("3000.02", JSON.readTree(lines.next(LINE)).get("last").decimalValue().toPlainString());

      // the metrics saw the link go and come back; no daemon had to restart for it
      HttpClient http = HttpClient.newHttpClient();
      String scrape = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
      Matcher reconnects = Pattern.compile(
          "(?m)^piker_venue_reconnects_total\\{backend=\"sim\",link=\"venue\"} (\\S+)$").matcher(scrape);
      assertTrue(reconnects.find(), scrape);
      assertTrue(Double.parseDouble(reconnects.group(1)) >= 1, reconnects.group());
      assertTrue(!scrape.contains("piker_daemon_restarts_total{"), "no daemon restarted for it: " + scrape);
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(metrics.resolve("/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), health.body());

      quote.destroy();
      assertTrue(quote.waitFor(10, TimeUnit.SECONDS));
      assertEquals(0, quote.exitValue(), "SIGINT/SIGTERM ends piker quote with 0");
    } finally {
      venue.destroy();
      venue.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
