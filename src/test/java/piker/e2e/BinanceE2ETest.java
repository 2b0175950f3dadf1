package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Files;
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
import org.junit.jupiter.api.parallel.Isolated;
import piker.backends.binance.fake.BinanceFake;
import piker.e2e.support.BinanceSession;
import piker.e2e.support.CliResult;
import piker.e2e.support.Ledgers;
import piker.e2e.support.RecordingCli;
import piker.e2e.support.Lines;
import piker.e2e.support.Processes;

/**
 * Binance end to end: pikerd with conf.toml {@code [binance]} pointed at the protocol fake running in this
 * JVM, and the CLI as the user runs it. One pikerd for the class; independent commands run side by side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Isolated // it measures a recovery against a time bound: nothing else runs beside it
class BinanceE2ETest {
  private static final Duration LINE = Duration.ofSeconds(20);
  /** A key pair the fake knows, made for this run (Binance's secrets are letters and digits). */
  private static final String KEY = "e2eKey" + java.util.UUID.randomUUID().toString().replace("-", "");
  private static final String SECRET = "e2eSecret" + java.util.UUID.randomUUID().toString().replace("-", "");
  private static final String WRONG_SECRET = "e2eWrong" + java.util.UUID.randomUUID().toString().replace("-", "");

  @TempDir
  static Path configDir;
  private static BinanceSession binance;

  @BeforeAll
  static void start() throws Exception {
    binance = BinanceSession.start(configDir);
    binance.fake().addKey(KEY, SECRET);
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
    List<CliResult> results = binance.cli().pikerTogether(
        List.of("search", "btc", "--broker", "binance", "--json"),
        List.of("mkt-info", "BTCUSDT.SPOT.BINANCE", "--json"),
        List.of("mkt-info", "ltcbtc.spot.binance", "--json"),
        List.of("quote", "zzzusdt.spot.binance", "--count", "1"));
    CliResult search = results.get(0);
    assertEquals(0, search.exitCode(), search.toString());
    List<String> fqmes = new ArrayList<>();
    RecordingCli.JSON.readTree(search.stdout()).forEach(match -> fqmes.add(match.get("fqme").asText()));
    assertEquals("btcusdt.spot.binance", fqmes.get(0), search.stdout());
    assertTrue(fqmes.containsAll(List.of("ethbtc.spot.binance", "ltcbtc.spot.binance")), search.stdout());
    assertTrue(fqmes.stream().allMatch(fqme -> fqme.endsWith(".spot.binance")), search.stdout());

    JsonNode btc = RecordingCli.JSON.readTree(results.get(1).stdout());
    assertEquals("btcusdt.spot.binance", btc.get("fqme").asText(), results.get(1).toString());
    assertEquals("BTCUSDT", btc.get("bs_mktid").asText());
    RecordingCli.assertDecimal("0.01", btc.get("price_tick")); // PRICE_FILTER tickSize
    RecordingCli.assertDecimal("0.00001", btc.get("size_tick")); // LOT_SIZE stepSize
    RecordingCli.assertDecimal("5", btc.get("min_notional")); // NOTIONAL minNotional
    JsonNode ltc = RecordingCli.JSON.readTree(results.get(2).stdout());
    RecordingCli.assertDecimal("0.000001", ltc.get("price_tick"));
    RecordingCli.assertDecimal("0.001", ltc.get("size_tick"));
    RecordingCli.assertDecimal("0.001", ltc.get("min_notional")); // the older MIN_NOTIONAL filter

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
    Process quote = binance.cli().startPiker("quote", "btcusdt.spot.binance", "ethusdt.spot.binance", "--count", "1000",
        "--json", "--timeout", "60s");
    Lines lines = new Lines(quote);
    Map<String, JsonNode> startup = new HashMap<>();
    for (int i = 0; i < 2; i++) {
      JsonNode line = RecordingCli.JSON.readTree(lines.next(LINE));
      startup.put(line.get("fqme").asText(), line);
    }
    JsonNode btc = startup.get("btcusdt.spot.binance");
    RecordingCli.assertDecimal("60000.01", btc.get("bid"));
    RecordingCli.assertDecimal("60000.02", btc.get("ask"));
    RecordingCli.assertDecimal("3002.5", startup.get("ethusdt.spot.binance").get("last"));

    fake().book("BTCUSDT", "60000.03", "0.00002", "60000.04", "1.5");
    RecordingCli.assertTicks(lines.next(LINE), "btcusdt.spot.binance", "bid 60000.03 0.00002", "ask 60000.04 1.5");
    fake().trade("ETHUSDT", "3000.75", "1.5");
    RecordingCli.assertTicks(lines.next(LINE), "ethusdt.spot.binance", "trade 3000.75 1.5");
    fake().trade("BTCUSDT", "60000.04", "0.00001");
    RecordingCli.assertTicks(lines.next(LINE), "btcusdt.spot.binance", "trade 60000.04 0.00001");

    // a dropped link: book updates after the reconnect reach the user within 5 s (the fake updates BTCUSDT's
    // book until one arrives: updates while the link is down are lost), then ETHUSDT's trades: both markets'
    // subscriptions are back. An ETHUSDT trade while the link is down is lost too: the next one's id tells of the
    // gap, and datad repairs the bars from it with the venue's klines (the bars case below compares them).
    long dropped = System.nanoTime();
    fake().dropConnections();
    fake().trade("ETHUSDT", "3003.25", "0.5");
    java.util.concurrent.atomic.AtomicInteger update = new java.util.concurrent.atomic.AtomicInteger();
    String back = Processes.awaitAssert(Duration.ofMillis(4700), () -> {
      fake().book("BTCUSDT", "60000.03", "0.0000" + (1 + update.getAndIncrement() % 9), "60000.04", "1.5");
      return lines.next(Duration.ofMillis(200));
    });
    assertTrue(System.nanoTime() - dropped < Duration.ofSeconds(5).toNanos(), "back within 5 s");
    assertEquals("btcusdt.spot.binance", RecordingCli.JSON.readTree(back).get("fqme").asText(), back);
    fake().trade("ETHUSDT", "3000.5", "0.0001");
    JsonNode ethBack = RecordingCli.JSON.readTree(lines.next(LINE));
    while (ethBack.get("fqme").asText().equals("btcusdt.spot.binance")) { // a later one of the updates above
      ethBack = RecordingCli.JSON.readTree(lines.next(LINE));
    }
    RecordingCli.assertTicks(ethBack.toString(), "ethusdt.spot.binance", "trade 3000.5 0.0001");
    Path log = configDir.resolve("logs/pikerd.log");
    Processes.awaitAssert(LINE, () -> {
      String text = Files.readString(log);
      assertTrue(text.contains("feed ethusdt.spot.binance: the live stream missed trades"), binance.cli().pikerdLogTail());
      for (int period : new int[] {1, 60}) {
        assertTrue(text.contains("feed ethusdt.spot.binance: repaired " + period + " s bars from"),
            period + " s bars not repaired yet" + binance.cli().pikerdLogTail());
      }
      return null;
    });
    quote.destroy();
  }

  @Test
  @Order(3)
  void barsAreTheVenuesKlinesGapFreeJoinedToLiveBarsChartRendersAndAPaperOrderFillsOnTheBook() throws Exception {
    Path png = configDir.resolve("chart.png");
    List<CliResult> results = binance.cli().pikerTogether(
        List.of("bars", "ethusdt.spot.binance", "--period", "1s", "--count", "60", "--json"),
        List.of("bars", "ethusdt.spot.binance", "--period", "1m", "--count", "11", "--json"),
        List.of("chart", "ethusdt.spot.binance", "--period", "1m", "--png", png.toString(), "--width", "320",
            "--height", "200"),
        List.of("order", "buy", "btcusdt.spot.binance", "--size", "0.001", "--price", "60000.05", "--json"));
    assertBarsAreTheKlines(results.get(0), "1s", 1);
    assertBarsAreTheKlines(results.get(1), "1m", 60);

    assertEquals(0, results.get(2).exitCode(), results.get(2) + binance.cli().pikerdLogTail());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(320, image.getWidth());
    assertEquals(200, image.getHeight());

    CliResult paper = results.get(3);
    assertEquals(0, paper.exitCode(), paper + binance.cli().pikerdLogTail());
    List<JsonNode> statuses = RecordingCli.jsonLines(paper.stdout());
    assertEquals(List.of("pending", "open", "fill", "closed"), statuses.subList(0, 4).stream()
        .map(status -> status.get("resp").asText()).toList(), paper.stdout());
    JsonNode fill = statuses.get(2);
    assertEquals("binance.paper", fill.get("account").asText());
    RecordingCli.assertDecimal("60000.04", fill.get("fill_price")); // the fake's ask
    String ledger = Files.readString(configDir.resolve("accounting/ledgers/trades_binance_paper.toml"));
    assertTrue(ledger.contains("[\"paper-" + fill.get("oid").asText() + "\"]"), ledger);
  }

  @Test
  @Order(4)
  void aWrongSecretIsRefusedAtLoginInOneClearLine() throws Exception {
    BinanceSession.brokersToml(configDir, KEY, WRONG_SECRET);
    CliResult refused = binance.cli().piker("order", "buy", "btcusdt.spot.binance", "--size", "0.001", "--price", "59990",
        "--account", "binance.main", "--json");
    assertEquals(1, refused.exitCode(), refused.toString());
    JsonNode error = RecordingCli.jsonLines(refused.stdout()).get(RecordingCli.jsonLines(refused.stdout()).size() - 1);
    assertEquals("error", error.get("resp").asText(), refused.stdout());
    // Binance's words for a bad signature (-1022), not a stack trace
    assertTrue(error.get("reason").asText().contains("-1022"), error.toString());
    assertFalse(error.get("reason").asText().contains("\n"), error.toString());
    assertTrue(fake().arrivals().stream().noneMatch(arrival -> arrival.path().equals("/api/v3/order")));
  }

  @Test
  @Order(5)
  void aLiveOrderIsSignedRestsFillsPartlyThenFullyAndTheLedgerHoldsBinancesTradeIds() throws Exception {
    BinanceSession.brokersToml(configDir, KEY, SECRET);
    Process order = binance.cli().startPiker("order", "buy", "btcusdt.spot.binance", "--size", "0.002", "--price", "59990",
        "--account", "binance.main", "--oid", "live-1", "--follow", "--json");
    Lines lines = new Lines(order);
    List<JsonNode> statuses = new ArrayList<>();
    statuses.add(binance.cli().readJson(lines.next(LINE)));
    statuses.add(binance.cli().readJson(lines.next(LINE)));
    assertEquals(List.of("pending", "open"), RecordingCli.resps(statuses));
    assertTrue(statuses.get(1).get("resting").asBoolean(), statuses.toString());

    long first = fake().fill("BTCUSDT", "live-1", "0.0005", null);
    JsonNode partial = binance.cli().readJson(lines.next(LINE));
    assertEquals("fill", partial.get("resp").asText(), partial.toString());
    RecordingCli.assertDecimal("0.0005", partial.get("filled"));
    RecordingCli.assertDecimal("59990", partial.get("fill_price"));
    long second = fake().fill("BTCUSDT", "live-1", "0.0015", null);
    List<JsonNode> after = new ArrayList<>();
    while (after.isEmpty() || !after.get(after.size() - 1).get("name").asText().equals("position")) {
      after.add(binance.cli().readJson(lines.next(LINE)));
    }
    assertEquals(List.of("fill", "closed"), RecordingCli.resps(after.subList(0, 2)), after.toString());
    RecordingCli.assertDecimal("0.002", after.get(0).get("filled"));
    assertEquals("binance.main", after.get(2).get("account").asText());
    // 0.002 bought, Binance's 0.1 % commission taken in BTC: the position holds what the balance does
    RecordingCli.assertDecimal("0.001998", after.get(2).get("size"));
    assertTrue(order.waitFor(LINE.toSeconds(), TimeUnit.SECONDS), "the order ends once filled");
    assertEquals(0, order.exitValue());

    assertEquals(List.of("BTCUSDT:" + first, "BTCUSDT:" + second), Ledgers.tradeIds(configDir, "binance.main"));
  }

  @Test
  @Order(6)
  void ordersOffTheTickOrUnderMinNotionalAreRefusedBeforeSendingNamingTheFilter() throws Exception {
    int placed = placements();
    List<CliResult> results = binance.cli().pikerTogether(
        List.of("order", "buy", "btcusdt.spot.binance", "--size", "0.001", "--price", "59990.005", "--account",
            "binance.main", "--json"),
        List.of("order", "buy", "btcusdt.spot.binance", "--size", "0.00001", "--price", "59990", "--account",
            "binance.main", "--json"));
    String offTick = refusal(results.get(0));
    assertTrue(offTick.contains("tick 0.01"), offTick);
    String underNotional = refusal(results.get(1));
    assertTrue(underNotional.contains("NOTIONAL") && underNotional.contains("minNotional 5"), underNotional);
    assertEquals(placed, placements(), "nothing reached the fake");
  }

  @Test
  @Order(7)
  void aTimestampBinanceRefusesWithMinus1021IsResyncedAndTheOrderGoesThrough() throws Exception {
    fake().clockSkew(Duration.ofSeconds(10)); // the server's clock jumps ahead: our last offset is stale
    int before = fake().arrivals().size();
    CliResult order = binance.cli().piker("order", "buy", "btcusdt.spot.binance", "--size", "0.001", "--price", "59000",
        "--account", "binance.main", "--oid", "live-2", "--json");
    assertEquals(0, order.exitCode(), order.toString());
    assertEquals(List.of("pending", "open"), RecordingCli.resps(RecordingCli.jsonLines(order.stdout())), order.stdout());
    List<String> paths = fake().arrivals().subList(before, fake().arrivals().size()).stream()
        .map(arrival -> arrival.method() + " " + arrival.path()).toList();
    int time = paths.indexOf("GET /api/v3/time");
    assertTrue(time > 0 && paths.subList(0, time).contains("POST /api/v3/order")
        && paths.subList(time, paths.size()).contains("POST /api/v3/order"), "refused, re-synced, sent again: " + paths);
  }

  @Test
  @Order(8)
  void ordersPositionsLedgerDarkOrdersAndCancelWorkOnTheLiveAccount() throws Exception {
    // live-2 rests at 59000 since the -1021 case; live-1 bought 0.002
    CliResult dark = binance.cli().piker("order", "buy", "btcusdt.spot.binance", "--size", "0.001", "--price", "59500",
        "--dark", "--account", "binance.main", "--oid", "dark-1", "--json");
    assertEquals(0, dark.exitCode(), dark.toString());
    assertEquals(List.of("dark_open"), RecordingCli.resps(RecordingCli.jsonLines(dark.stdout())), dark.stdout());
    List<CliResult> reads = binance.cli().pikerTogether(
        List.of("orders", "--account", "binance.main", "--json"),
        List.of("positions", "--account", "binance.main", "--json"),
        List.of("ledger", "binance.main", "--json"));
    reads.forEach(read -> assertEquals(0, read.exitCode(), read.toString()));
    List<String> oids = new ArrayList<>();
    RecordingCli.JSON.readTree(reads.get(0).stdout()).forEach(order -> oids.add(order.get("oid").asText()
        + " " + order.get("fqme").asText()));
    assertEquals(java.util.Set.of("live-2 btcusdt.spot.binance", "dark-1 btcusdt.spot.binance"),
        java.util.Set.copyOf(oids), reads.get(0).stdout());
    JsonNode position = RecordingCli.JSON.readTree(reads.get(1).stdout()).get(0);
    assertEquals("btcusdt.spot.binance", position.get("fqme").asText(), reads.get(1).stdout());
    RecordingCli.assertDecimal("0.001998", position.get("size")); // the commission was taken in BTC
    JsonNode ledger = RecordingCli.JSON.readTree(reads.get(2).stdout());
    RecordingCli.assertDecimal("0.001998", ledger.get("positions").get(0).get("size"));

    // Binance's ask falls through the dark buy's price: emsd sends it to Binance, where it takes the ask
    int placed = placements();
    fake().book("BTCUSDT", "59400.00", "1", "59450.00", "1");
    Processes.awaitAssert(LINE, () -> {
      assertEquals(placed + 1, placements(), "the triggered dark order reached binance");
      CliResult active = binance.cli().piker("orders", "--account", "binance.main", "--json");
      assertEquals(1, RecordingCli.JSON.readTree(active.stdout()).size(), active.toString());
      return null;
    });
    CliResult killSwitch = binance.cli().piker("cancel", "--all", "--json");
    assertEquals(0, killSwitch.exitCode(), killSwitch.toString());
    List<String> canceled = RecordingCli.jsonLines(killSwitch.stdout()).stream()
        .filter(status -> status.get("resp").asText().equals("canceled")).map(status -> status.get("oid").asText())
        .toList();
    assertEquals(List.of("live-2"), canceled, killSwitch.stdout());
    assertEquals(1, fake().arrivals().stream().filter(arrival -> arrival.method().equals("DELETE")
        && arrival.path().equals("/api/v3/order")).count(), "canceled at binance");
    List<CliResult> after = binance.cli().pikerTogether(List.of("orders", "--account", "binance.main", "--json"),
        List.of("positions", "--account", "binance.main", "--json"));
    assertEquals("[]", after.get(0).stdout().strip(), after.get(0).toString());
    // 0.002 and then 0.001 bought, each paying 0.1 % in BTC: 0.001998 + 0.000999 held
    RecordingCli.assertDecimal("0.002997", RecordingCli.JSON.readTree(after.get(1).stdout()).get(0).get("size"));
  }

  @Test
  @Order(9) // after every case that reads from Binance: it leaves the host refused for Retry-After's minute
  void aRateLimitedAnswerStopsRequestsUntilRetryAfterAndTellsTheUserInOneLine() throws Exception {
    long retryAfter = 60;
    fake().rateLimitNext(retryAfter);
    int before = fake().arrivals().size();
    CliResult limited = binance.cli().piker("mkt-info", "zzzusdt.spot.binance");
    CliResult held = binance.cli().piker("mkt-info", "yyyusdt.spot.binance");
    for (CliResult result : List.of(limited, held)) {
      assertEquals(1, result.exitCode(), result.toString());
      assertEquals(1, result.stderrLines().size(), result.stderr());
      assertTrue(result.stderr().contains("rate limited by binance for "), result.stderr());
    }
    List<piker.backends.binance.fake.Arrival> arrivals = fake().arrivals();
    assertEquals(before + 1, arrivals.size(), "only the limited request reached the fake: "
        + arrivals.subList(before, arrivals.size()));
    assertTrue(System.currentTimeMillis() < arrivals.get(before).atMillis() + retryAfter * 1000,
        "still inside Retry-After, so the check above meant something");
  }

  @Test
  @Order(10)
  void neitherKeyNorSecretIsInAnyFileOutputOrLog() throws Exception {
    Ledgers.assertNoSecretIn(configDir, binance.cli().printed() + binance.pikerd().pikerd().stderr(), "binance.main",
        List.of(KEY, SECRET, WRONG_SECRET));
  }

  /** The reason of an order that ended in error, with exit 1. */
  private static String refusal(CliResult result) throws Exception {
    assertEquals(1, result.exitCode(), result.toString());
    List<JsonNode> statuses = RecordingCli.jsonLines(result.stdout());
    JsonNode last = statuses.get(statuses.size() - 1);
    assertEquals("error", last.get("resp").asText(), result.stdout());
    return last.get("reason").asText();
  }

  private static int placements() {
    return (int) fake().arrivals().stream().filter(arrival -> arrival.path().equals("/api/v3/order")).count();
  }

  /**
   * Gap-free as Binance's klines are (docs/venues/binance.md 13.2: a period without trades has no row): every
   * kline in the range shown is a bar with its exact OHLCV, none missed or repeated; a bar without a kline is
   * a quiet live period, flat at the close before; and this class's trades, those before ETHUSDT's feed
   * started and the live ones, are in them.
   */
  private static void assertBarsAreTheKlines(CliResult result, String interval, long period) throws Exception {
    assertEquals(0, result.exitCode(), result + binance.cli().pikerdLogTail());
    Map<Long, JsonNode> klines = binance.klines("ETHUSDT", interval);
    try {
      assertBarsAre(klines, result, period);
    } catch (AssertionError e) {
      throw new AssertionError(interval + " bars: " + e.getMessage() + "\n--- bars\n" + result.stdout()
          + "--- klines\n" + klines.values() + binance.cli().pikerdLogTail(), e);
    }
  }

  private static void assertBarsAre(Map<Long, JsonNode> klines, CliResult result, long period) throws Exception {
    List<JsonNode> bars = RecordingCli.jsonLines(result.stdout());
    long first = bars.get(0).get("time").asLong();
    long last = bars.get(bars.size() - 1).get("time").asLong();
    List<Long> expected = klines.keySet().stream().map(open -> open / 1000)
        .filter(time -> time >= first && time <= last).toList();
    List<Long> shown = new ArrayList<>();
    JsonNode previous = null;
    BigDecimal volume = BigDecimal.ZERO;
    for (JsonNode bar : bars) {
      long time = bar.get("time").asLong();
      assertEquals(0, time % period, "aligned to the period: " + bar);
      assertTrue(previous == null || time > previous.get("time").asLong(), "in order, once: " + result.stdout());
      JsonNode kline = klines.get(time * 1000);
      if (kline != null) {
        shown.add(time);
        String[] fields = {"open", "high", "low", "close", "volume"};
        for (int i = 0; i < fields.length; i++) {
          RecordingCli.assertDecimal(kline.get(i + 1).asText(), bar.get(fields[i]));
        }
      } else {
        assertTrue(previous != null, "the oldest bar is a kline: " + bar);
        for (String field : new String[] {"open", "high", "low", "close"}) {
          RecordingCli.assertDecimal(previous.get("close").asText(), bar.get(field));
        }
        RecordingCli.assertDecimal("0", bar.get("volume"));
      }
      volume = volume.add(bar.get("volume").decimalValue());
      previous = bar;
    }
    assertEquals(expected, shown, "every kline of the range, once");
    assertTrue(volume.compareTo(new BigDecimal("2.2501")) >= 0, "this class's trades are in: " + result.stdout());
  }
}
