package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.binance.fake.BinanceFake;
import piker.e2e.support.BinanceSession;
import piker.e2e.support.CliResult;
import piker.e2e.support.Lines;
import piker.e2e.support.Processes;

/**
 * Binance end to end: pikerd with conf.toml {@code [binance]} pointed at the protocol fake running in this
 * JVM, and the CLI as the user runs it. One pikerd for the class; independent commands run side by side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BinanceE2ETest {
  private static final Duration LINE = Duration.ofSeconds(20);

  @TempDir
  static Path configDir;
  private static BinanceSession binance;

  @BeforeAll
  static void start() throws Exception {
    binance = BinanceSession.start(configDir);
  }

  @AfterAll
  static void stop() throws Exception {
    binance.close();
  }

  private static BinanceFake fake() {
    return binance.fake();
  }

  @Test
  @Order(1)
  void searchAndMktInfoComeFromExchangeInfoExactlyAndAnUnknownSymbolExits2WithOneLine() throws Exception {
    List<CliResult> results = binance.pikerTogether(
        List.of("search", "btc", "--broker", "binance", "--json"),
        List.of("mkt-info", "BTCUSDT.SPOT.BINANCE", "--json"),
        List.of("mkt-info", "ltcbtc.spot.binance", "--json"),
        List.of("quote", "zzzusdt.spot.binance", "--count", "1"));
    CliResult search = results.get(0);
    assertEquals(0, search.exitCode(), search.toString());
    List<String> fqmes = new ArrayList<>();
    BinanceSession.JSON.readTree(search.stdout()).forEach(match -> fqmes.add(match.get("fqme").asText()));
    assertEquals("btcusdt.spot.binance", fqmes.get(0), search.stdout());
    assertTrue(fqmes.containsAll(List.of("ethbtc.spot.binance", "ltcbtc.spot.binance")), search.stdout());
    assertTrue(fqmes.stream().allMatch(fqme -> fqme.endsWith(".spot.binance")), search.stdout());

    JsonNode btc = BinanceSession.JSON.readTree(results.get(1).stdout());
    assertEquals("btcusdt.spot.binance", btc.get("fqme").asText(), results.get(1).toString());
    assertEquals("BTCUSDT", btc.get("bs_mktid").asText());
    BinanceSession.assertDecimal("0.01", btc.get("price_tick")); // PRICE_FILTER tickSize
    BinanceSession.assertDecimal("0.00001", btc.get("size_tick")); // LOT_SIZE stepSize
    BinanceSession.assertDecimal("5", btc.get("min_notional")); // NOTIONAL minNotional
    JsonNode ltc = BinanceSession.JSON.readTree(results.get(2).stdout());
    BinanceSession.assertDecimal("0.000001", ltc.get("price_tick"));
    BinanceSession.assertDecimal("0.001", ltc.get("size_tick"));
    BinanceSession.assertDecimal("0.001", ltc.get("min_notional")); // the older MIN_NOTIONAL filter

    CliResult unknown = results.get(3);
    assertEquals(2, unknown.exitCode(), unknown.toString());
    assertEquals(1, unknown.stderrLines().size(), unknown.stderr());
    assertTrue(unknown.stderr().contains("zzzusdt.spot.binance"), unknown.stderr());
    assertEquals("", unknown.stdout());
  }

  @Test
  @Order(2)
  void quoteStreamsTwoMarketsWithExactDecimalsFromStartupToLiveTicks() throws Exception {
    fake().book("BTCUSDT", "60000.01", "0.5", "60000.02", "0.25");
    // before ETHUSDT's feed starts: in its klines only (the bars case below finds them there)
    fake().trade("ETHUSDT", "3001.25", "0.25");
    fake().trade("ETHUSDT", "3002.5", "0.5");
    Process quote = binance.startPiker("quote", "btcusdt.spot.binance", "ethusdt.spot.binance", "--count", "5",
        "--json", "--timeout", "60s");
    Lines lines = new Lines(quote);
    Map<String, JsonNode> startup = new HashMap<>();
    for (int i = 0; i < 2; i++) {
      JsonNode line = BinanceSession.JSON.readTree(lines.next(LINE));
      startup.put(line.get("fqme").asText(), line);
    }
    JsonNode btc = startup.get("btcusdt.spot.binance");
    BinanceSession.assertDecimal("60000.01", btc.get("bid"));
    BinanceSession.assertDecimal("60000.02", btc.get("ask"));
    BinanceSession.assertDecimal("3002.5", startup.get("ethusdt.spot.binance").get("last"));

    fake().book("BTCUSDT", "60000.03", "0.00002", "60000.04", "1.5");
    assertTicks(lines.next(LINE), "btcusdt.spot.binance", "bid 60000.03 0.00002", "ask 60000.04 1.5");
    fake().trade("ETHUSDT", "3000.75", "1.5");
    assertTicks(lines.next(LINE), "ethusdt.spot.binance", "trade 3000.75 1.5");
    fake().trade("BTCUSDT", "60000.04", "0.00001");
    assertTicks(lines.next(LINE), "btcusdt.spot.binance", "trade 60000.04 0.00001");
    assertTrue(quote.waitFor(LINE.toSeconds(), TimeUnit.SECONDS));
    assertEquals(0, quote.exitValue(), "--count 5 reached");
  }

  private static void assertTicks(String line, String fqme, String... ticks) throws Exception {
    JsonNode quote = BinanceSession.JSON.readTree(line);
    assertEquals(fqme, quote.get("fqme").asText(), line);
    List<String> shown = new ArrayList<>();
    quote.get("ticks").forEach(tick -> shown.add(tick.get("type").asText() + " "
        + tick.get("price").decimalValue().stripTrailingZeros().toPlainString() + " "
        + tick.get("size").decimalValue().stripTrailingZeros().toPlainString()));
    assertEquals(List.of(ticks), shown, line);
    assertFalse(line.contains("E-") || line.contains("E+"), "plain decimals: " + line);
  }

  @Test
  @Order(3)
  void barsAreTheVenuesKlinesGapFreeJoinedToLiveBarsChartRendersAndAPaperOrderFillsOnTheBook() throws Exception {
    Path png = configDir.resolve("chart.png");
    List<CliResult> results = binance.pikerTogether(
        List.of("bars", "ethusdt.spot.binance", "--period", "1s", "--count", "60", "--json"),
        List.of("bars", "ethusdt.spot.binance", "--period", "1m", "--count", "11", "--json"),
        List.of("chart", "ethusdt.spot.binance", "--period", "1m", "--png", png.toString(), "--width", "320",
            "--height", "200"),
        List.of("order", "buy", "btcusdt.spot.binance", "--size", "0.001", "--price", "60000.05", "--json"));
    assertBarsAreTheKlines(results.get(0), "1s", 1);
    assertBarsAreTheKlines(results.get(1), "1m", 60);

    assertEquals(0, results.get(2).exitCode(), results.get(2).toString());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(320, image.getWidth());
    assertEquals(200, image.getHeight());

    CliResult paper = results.get(3);
    assertEquals(0, paper.exitCode(), paper.toString());
    List<JsonNode> statuses = BinanceSession.jsonLines(paper.stdout());
    assertEquals(List.of("pending", "open", "fill", "closed"), statuses.subList(0, 4).stream()
        .map(status -> status.get("resp").asText()).toList(), paper.stdout());
    JsonNode fill = statuses.get(2);
    assertEquals("binance.paper", fill.get("account").asText());
    BinanceSession.assertDecimal("60000.04", fill.get("fill_price")); // the fake's ask
    String ledger = java.nio.file.Files.readString(configDir.resolve("accounting/ledgers/trades_binance_paper.toml"));
    assertTrue(ledger.contains("[\"paper-" + fill.get("oid").asText() + "\"]"), ledger);
  }

  /**
   * Every bar shown is the fake's kline of its period, or (a period without trades, which Binance's klines
   * leave out) flat at the close before; consecutive periods; and the trades of this class, those before
   * ETHUSDT's feed started and the live one, are in them.
   */
  private static void assertBarsAreTheKlines(CliResult result, String interval, long period) throws Exception {
    assertEquals(0, result.exitCode(), result.toString());
    Map<Long, JsonNode> klines = binance.klines("ETHUSDT", interval);
    List<JsonNode> bars = BinanceSession.jsonLines(result.stdout());
    JsonNode previous = null;
    BigDecimal volume = BigDecimal.ZERO;
    for (JsonNode bar : bars) {
      long time = bar.get("time").asLong();
      if (previous != null) {
        assertEquals(previous.get("time").asLong() + period, time, "consecutive: " + result.stdout());
      }
      JsonNode kline = klines.get(time * 1000);
      if (kline != null) {
        String[] fields = {"open", "high", "low", "close", "volume"};
        for (int i = 0; i < fields.length; i++) {
          BinanceSession.assertDecimal(kline.get(i + 1).asText(), bar.get(fields[i]));
        }
      } else {
        assertTrue(previous != null, "the oldest bar has a kline: " + bar);
        for (String field : new String[] {"open", "high", "low", "close"}) {
          BinanceSession.assertDecimal(previous.get("close").asText(), bar.get(field));
        }
        BinanceSession.assertDecimal("0", bar.get("volume"));
      }
      volume = volume.add(bar.get("volume").decimalValue());
      previous = bar;
    }
    assertTrue(volume.compareTo(new BigDecimal("2.25")) >= 0, "this class's trades are in: " + result.stdout());
  }
}
