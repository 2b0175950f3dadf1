package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.kraken.fake.KrakenFake;
import piker.e2e.support.CliResult;
import piker.e2e.support.KrakenSession;
import piker.e2e.support.Ledgers;
import piker.e2e.support.Lines;
import piker.e2e.support.Processes;
import piker.e2e.support.RecordingCli;

/**
 * Kraken end to end: one pikerd serving sim, binance and kraken at once, conf.toml {@code [kraken]} and
 * {@code [binance]} pointed at the protocol fakes running in this JVM, and the CLI as the user runs it. One
 * pikerd for the class; independent commands run side by side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KrakenE2ETest {
  private static final Duration LINE = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** A key pair the fake knows, made for this run: Kraken's secrets are base64. */
  private static final String KEY = "e2eKey" + java.util.UUID.randomUUID().toString().replace("-", "");
  private static final String SECRET = secret();
  private static final String WRONG_SECRET = secret();
  /** Client order ids that are UUIDs go to Kraken as its cl_ord_id unchanged, so the fake's levers find them. */
  private static final String LIVE_1 = java.util.UUID.randomUUID().toString();
  private static final String LIVE_2 = java.util.UUID.randomUUID().toString();

  private static String secret() {
    byte[] bytes = new byte[64];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }

  @TempDir
  static Path configDir;
  private static KrakenSession kraken;

  @BeforeAll
  static void start() throws Exception {
    kraken = KrakenSession.start(configDir);
    kraken.kraken().addKey(KEY, SECRET);
    kraken.kraken().feeFree(true);
  }

  @AfterAll
  static void stop() throws Exception {
    kraken.close();
  }

  private static KrakenFake fake() {
    return kraken.kraken();
  }

  private static RecordingCli cli() {
    return kraken.cli();
  }

  @Test
  @Order(1)
  void searchFindsEverySpellingAndMktInfoAnswersKrakensPairExactly() throws Exception {
    List<CliResult> results = cli().pikerTogether(
        List.of("search", "xbt", "--broker", "kraken", "--json"),
        List.of("mkt-info", "XBTUSD.SPOT.KRAKEN", "--json"),
        List.of("quote", "zzzusd.spot.kraken", "--count", "1"));
    CliResult search = results.get(0);
    assertEquals(0, search.exitCode(), search.toString());
    List<String> fqmes = new ArrayList<>();
    RecordingCli.JSON.readTree(search.stdout()).forEach(match -> fqmes.add(match.get("fqme").asText()));
    assertEquals("btcusd.spot.kraken", fqmes.get(0), search.stdout()); // the legacy name finds the v2 one
    assertTrue(fqmes.contains("ethbtc.spot.kraken"), "Kraken's ETH/XBT is ETH/BTC in v2: " + fqmes);

    CliResult info = results.get(1);
    assertEquals(0, info.exitCode(), info.toString());
    JsonNode btc = RecordingCli.JSON.readTree(info.stdout());
    assertEquals("btcusd.spot.kraken", btc.get("fqme").asText(), info.stdout()); // the legacy name resolves
    assertEquals("XXBTZUSD", btc.get("bs_mktid").asText());
    RecordingCli.assertDecimal("0.1", btc.get("price_tick")); // tick_size
    RecordingCli.assertDecimal("0.00000001", btc.get("size_tick")); // lot_decimals 8
    RecordingCli.assertDecimal("0.5", btc.get("min_notional")); // costmin
    RecordingCli.assertDecimal("0.004", btc.get("taker_fee")); // fees[0]: 0.40 %
    RecordingCli.assertDecimal("0.0025", btc.get("maker_fee")); // fees_maker[0]: 0.25 %

    CliResult unknown = results.get(2);
    assertEquals(2, unknown.exitCode(), unknown.toString());
    assertEquals(1, unknown.stderrLines().size(), unknown.stderr());
    assertTrue(unknown.stderr().contains("zzzusd.spot.kraken"), unknown.stderr());
  }

  @Test
  @Order(2)
  void oneQuoteStreamsSimBinanceAndKrakenWithExactDecimalsAndOnePikerdRunsADatadPerBackend() throws Exception {
    fake().book("BTC/USD", "60000.1", "0.5", "60000.2", "0.25");
    fake().trade("ETH/USD", "3001.25", "0.25"); // before the feed starts: the startup quote's last
    kraken.binance().book("BTCUSDT", "60000.01", "0.5", "60000.02", "0.25");
    Process quote = cli().startPiker("quote", "xbtusd.spot.kraken", "ethusd.spot.kraken", "btcusdt.spot.binance",
        "btcusdt.spot.sim", "--count", "1000", "--json", "--timeout", "60s");
    Lines lines = new Lines(quote);
    Map<String, JsonNode> startup = new HashMap<>();
    while (startup.size() < 4) {
      JsonNode line = cli().readJson(lines.next(LINE));
      startup.putIfAbsent(line.get("fqme").asText(), line);
    }
    JsonNode btc = startup.get("btcusd.spot.kraken"); // asked as xbtusd, keyed by Kraken's v2 name
    RecordingCli.assertDecimal("60000.1", btc.get("bid"));
    RecordingCli.assertDecimal("60000.2", btc.get("ask"));
    RecordingCli.assertDecimal("3001.25", startup.get("ethusd.spot.kraken").get("last"));
    RecordingCli.assertDecimal("60000.02", startup.get("btcusdt.spot.binance").get("ask"));
    RecordingCli.assertDecimal("60000", startup.get("btcusdt.spot.sim").get("last"));

    fake().trade("ETH/USD", "3000.75", "0.00012345");
    RecordingCli.assertTicks(nextTrade(lines, "ethusd.spot.kraken"), "ethusd.spot.kraken",
        "trade 3000.75 0.00012345");
    fake().book("BTC/USD", "60000.3", "0.00000001", "60000.4", "1.5");
    RecordingCli.assertTicks(next(lines, "btcusd.spot.kraken"), "btcusd.spot.kraken", "bid 60000.3 0.00000001",
        "ask 60000.4 1.5");

    // a dropped link: Kraken's subscriptions come back by themselves, and a trade made meanwhile arrives once
    fake().dropPublicConnections();
    fake().trade("ETH/USD", "3000.5", "0.5");
    RecordingCli.assertTicks(nextTrade(lines, "ethusd.spot.kraken"), "ethusd.spot.kraken", "trade 3000.5 0.5");
    fake().trade("ETH/USD", "3000.25", "0.75");
    // and 3000.5 not again
    RecordingCli.assertTicks(nextTrade(lines, "ethusd.spot.kraken"), "ethusd.spot.kraken", "trade 3000.25 0.75");
    quote.destroy();

    List<String> kinds = new ArrayList<>();
    RecordingCli.JSON.readTree(cli().piker("services", "--json").stdout())
        .forEach(service -> kinds.add(service.get("name").asText()));
    assertEquals(1, kinds.stream().filter("datad.kraken"::equals).count(), kinds.toString());
    assertEquals(1, kinds.stream().filter("datad.binance"::equals).count(), kinds.toString());
    assertEquals(1, kinds.stream().filter("datad.sim"::equals).count(), kinds.toString());
    assertTrue(kinds.stream().noneMatch(name -> name.startsWith("brokerd")), "no brokerd before a live order: " + kinds);
  }

  /** The next quote line of {@code fqme}, passing over other markets' lines. */
  private static String next(Lines lines, String fqme) throws Exception {
    while (true) {
      String line = lines.next(LINE);
      cli().printed(line + "\n");
      if (RecordingCli.JSON.readTree(line).get("fqme").asText().equals(fqme)) {
        return line;
      }
    }
  }

  /** The next quote line of {@code fqme} with a trade in it (the fake's book follows its trades: bid/ask lines too). */
  private static String nextTrade(Lines lines, String fqme) throws Exception {
    while (true) {
      String line = next(lines, fqme);
      if (line.contains("\"type\":\"trade\"")) {
        return line;
      }
    }
  }

  @Test
  @Order(3)
  void minuteBarsAreBackfilledAsDeepAsKrakensOhlcGoesGapFreeAndAPaperOrderFillsOnKrakensBook() throws Exception {
    fake().book("BTC/USD", "60000.3", "1", "60000.4", "1");
    List<CliResult> results = cli().pikerTogether(
        // at info, so that the progress line (a notice) is shown
        List.of("bars", "solusd.spot.kraken", "--period", "1m", "--count", "1000", "--json", "--loglevel", "info"),
        List.of("order", "buy", "btcusd.spot.kraken", "--size", "0.0001", "--price", "60000.5", "--json"));
    CliResult bars = results.get(0);
    assertEquals(0, bars.exitCode(), bars + cli().pikerdLogTail());
    TreeMap<Long, JsonNode> ohlc = ohlc("SOLUSD", 1); // the newest 720 candles, the open one last
    List<JsonNode> shown = RecordingCli.jsonLines(bars.stdout());
    assertTrue(shown.size() >= 720 && shown.size() <= 722, "as deep as the venue serves, not the 1000 asked: "
        + shown.size() + "\n" + bars.stderr());
    assertTrue(bars.stderr().contains("bars, as far back as kraken serves"), "the progress says the venue served "
        + "fewer than asked for: " + bars.stderr());
    // from (about: the window moves a minute a minute) Kraken's oldest candle
    long oldest = ohlc.firstKey();
    long first = shown.get(0).get("time").asLong();
    assertTrue(first >= oldest && first - oldest <= 120, "from Kraken's oldest candle " + oldest + ": " + first);
    long previous = Long.MIN_VALUE;
    for (JsonNode bar : shown) {
      long time = bar.get("time").asLong();
      if (previous != Long.MIN_VALUE) {
        assertEquals(previous + 60, time, "gap-free minutes, in order, once: " + bar);
      }
      previous = time;
      JsonNode candle = ohlc.get(time);
      if (candle == null) {
        continue; // a live minute after the fake's reading (its trade a minute may not have come yet)
      }
      String[] fields = {"open", "high", "low", "close"};
      for (int i = 0; i < fields.length; i++) {
        RecordingCli.assertDecimal(candle.get(i + 1).asText(), bar.get(fields[i]));
      }
      if (time < ohlc.lastKey()) { // the open candle may grow meanwhile
        RecordingCli.assertDecimal(candle.get(6).asText(), bar.get("volume"));
      }
    }

    CliResult paper = results.get(1);
    assertEquals(0, paper.exitCode(), paper + cli().pikerdLogTail());
    List<JsonNode> statuses = RecordingCli.jsonLines(paper.stdout());
    assertEquals(List.of("pending", "open", "fill", "closed"), RecordingCli.resps(statuses.subList(0, 4)),
        paper.stdout());
    JsonNode fill = statuses.get(2);
    assertEquals("kraken.paper", fill.get("account").asText());
    RecordingCli.assertDecimal("60000.4", fill.get("fill_price")); // the fake's ask
    String ledger = Files.readString(configDir.resolve("accounting/ledgers/trades_kraken_paper.toml"));
    assertTrue(ledger.contains("[\"paper-" + fill.get("oid").asText() + "\"]"), ledger);
    assertTrue(ledger.contains("XXBTZUSD"), "the ledger keys the market by Kraken's pair id: " + ledger);
  }

  @Test
  @Order(4)
  void aWrongSecretIsRefusedAtLoginInOneClearLineAndLeavesNoBrokerd() throws Exception {
    KrakenSession.brokersToml(configDir, KEY, WRONG_SECRET);
    long signaturesRefused = fake().signatureFailures();
    CliResult refused = cli().piker("order", "buy", "btcusd.spot.kraken", "--size", "0.0001", "--price", "59990.0",
        "--account", "kraken.main", "--json");
    assertEquals(1, refused.exitCode(), refused.toString());
    List<JsonNode> statuses = RecordingCli.jsonLines(refused.stdout());
    JsonNode error = statuses.get(statuses.size() - 1);
    assertEquals("error", error.get("resp").asText(), refused.stdout());
    assertTrue(error.get("reason").asText().contains("EAPI:Invalid"), error.toString()); // Kraken's words
    assertFalse(error.get("reason").asText().contains("\n"), error.toString());
    assertTrue(fake().signatureFailures() > signaturesRefused, "the fake checked the signature and refused it");
    assertEquals(0, fake().openOrders(KEY));
  }

  @Test
  @Order(5)
  void aLiveOrderIsSignedRestsFillsPartlyThenFullyFromExecutionsAndTheLedgerHoldsKrakensTradeIds()
      throws Exception {
    KrakenSession.brokersToml(configDir, KEY, SECRET);
    long signaturesRefused = fake().signatureFailures();
    long noncesRefused = fake().nonceFailures();
    Process order = cli().startPiker("order", "buy", "btcusd.spot.kraken", "--size", "0.002", "--price", "59990.0",
        "--account", "kraken.main", "--oid", LIVE_1, "--follow", "--json");
    Lines lines = new Lines(order);
    List<JsonNode> statuses = new ArrayList<>();
    statuses.add(cli().readJson(lines.next(LINE)));
    statuses.add(cli().readJson(lines.next(LINE)));
    assertEquals(List.of("pending", "open"), RecordingCli.resps(statuses), statuses.toString());
    assertTrue(statuses.get(1).get("resting").asBoolean(), statuses.toString());
    // brokerd keeps Kraken's dead man's switch armed (cancel_after = 60) while emsd's dialog lives
    Processes.awaitAssert(LINE, () -> {
      assertTrue(fake().cancelAfterTrigger(KEY).isPresent(), "armed");
      return null;
    });

    fake().fill(LIVE_1, "0.0005");
    JsonNode partial = cli().readJson(lines.next(LINE));
    assertEquals("fill", partial.get("resp").asText(), partial.toString());
    RecordingCli.assertDecimal("0.0005", partial.get("filled"));
    RecordingCli.assertDecimal("59990.0", partial.get("fill_price"));
    fake().fill(LIVE_1, "0.0015");
    List<JsonNode> after = new ArrayList<>();
    while (after.isEmpty() || !after.get(after.size() - 1).get("name").asText().equals("position")) {
      after.add(cli().readJson(lines.next(LINE)));
    }
    assertEquals(List.of("fill", "closed"), RecordingCli.resps(after.subList(0, 2)), after.toString());
    RecordingCli.assertDecimal("0.002", after.get(0).get("filled"));
    assertEquals("kraken.main", after.get(2).get("account").asText());
    RecordingCli.assertDecimal("0.002", after.get(2).get("size"));
    assertTrue(order.waitFor(LINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "the order ends once filled");
    assertEquals(0, order.exitValue());

    assertEquals(fake().tradeIds(KEY), ledgerTradeIds(), "each fill once, under Kraken's trade id");
    assertEquals(2, ledgerTradeIds().size());
    assertEquals(signaturesRefused, fake().signatureFailures(), "every private call signed correctly");
    assertEquals(noncesRefused, fake().nonceFailures(), "every nonce above the last");
    List<String> names = new ArrayList<>();
    RecordingCli.JSON.readTree(cli().piker("services", "--json").stdout())
        .forEach(service -> names.add(service.get("name").asText()));
    assertTrue(names.contains("brokerd.kraken"), "the live order started brokerd: " + names);
  }

  @Test
  @Order(6)
  void aThrottledAnswerIsReportedInOneLineAndNothingReachesKrakenBeforeTheTimeItNamed() throws Exception {
    long until = System.currentTimeMillis() / 1000 + 2; // Kraken's "EService: Throttled: <unix time>"
    // (the next AssetPairs: a feed's backfill may ask Trades meanwhile, and one in flight may arrive after it)
    fake().failNextPublic("AssetPairs", "EService: Throttled: " + until);
    int before = fake().publicArrivals("AssetPairs").size();
    CliResult limited = cli().piker("mkt-info", "zzzusd.spot.kraken"); // a name the list lacks is asked of Kraken
    assertEquals(1, limited.exitCode(), limited.toString());
    assertEquals(1, limited.stderrLines().size(), limited.stderr());
    assertTrue(limited.stderr().contains("rate limited by kraken for "), limited.stderr());
    CliResult held = cli().piker("mkt-info", "yyyusd.spot.kraken");
    assertEquals(2, held.exitCode(), "asked once the wait was over, and Kraken lists no such pair: " + held);
    // the throttled request is the first AssetPairs to arrive after arming; none arrives again before the time named
    List<Long> arrivals = fake().publicArrivals("AssetPairs");
    assertTrue(arrivals.size() >= before + 2, "the refused request and the held one arrived: " + arrivals.size());
    for (long arrival : arrivals.subList(before + 1, arrivals.size())) {
      assertTrue(arrival >= until * 1000, "a request reached Kraken " + (until * 1000 - arrival) + " ms early");
    }
  }

  @Test
  @Order(7)
  void killedPikerdComesBackWithItsRestingOrderCountsTheFillMadeMeanwhileOnceAndReArmsTheSwitch()
      throws Exception {
    CliResult placed = cli().piker("order", "buy", "ethusd.spot.kraken", "--size", "0.01", "--price", "2990.00",
        "--account", "kraken.main", "--oid", LIVE_2, "--json");
    assertEquals(0, placed.exitCode(), placed.toString());
    assertTrue(placed.stdout().contains("\"resting\":true"), placed.stdout());
    java.time.Instant armedBefore = fake().cancelAfterTrigger(KEY).orElseThrow();
    kraken.cli().pikerd().pikerd().process().destroyForcibly().waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
    fake().fill(LIVE_2, "0.004");
    assertEquals(armedBefore, fake().cancelAfterTrigger(KEY).orElseThrow(), "a killed pikerd disarmed nothing");
    List<String> tradesBefore = fake().tradeIds(KEY);

    try (piker.e2e.support.PikerdProcess second = Processes.startPikerd(configDir, "127.0.0.1:0")) {
      Processes.awaitAssert(LINE, () -> {
        CliResult active = Processes.piker(LINE, "orders", "--account", "kraken.main", "--json", "-c",
            configDir.toString(), "--registry", second.address());
        assertEquals(0, active.exitCode(), active.toString());
        JsonNode orders = RecordingCli.JSON.readTree(active.stdout());
        assertEquals(1, orders.size(), active.stdout());
        assertEquals(LIVE_2, orders.get(0).get("oid").asText());
        RecordingCli.assertDecimal("0.004", orders.get(0).get("filled"));
        return null;
      });
      assertEquals(tradesBefore, ledgerTradeIds(), "the fill made while down, once");
      Processes.awaitAssert(LINE, () -> {
        assertTrue(fake().cancelAfterTrigger(KEY).orElseThrow().isAfter(armedBefore), "re-armed after the restart");
        return null;
      });
      CliResult cancel = Processes.piker(LINE, "cancel", "--all", "--json", "-c", configDir.toString(), "--registry",
          second.address());
      assertEquals(0, cancel.exitCode(), cancel.toString());
      assertEquals(0, fake().openOrders(KEY), "canceled at kraken");
    }
  }

  @Test
  @Order(8)
  void neitherKeyNorSecretIsInAnyFileOutputOrLog() throws Exception {
    List<String> secrets = new ArrayList<>(List.of(KEY, SECRET, WRONG_SECRET));
    secrets.addAll(fake().issuedTokens()); // nor a websocket token
    Ledgers.assertNoSecretIn(configDir, cli().printed() + cli().pikerd().pikerd().stderr(), "kraken.main", secrets);
  }

  private static List<String> ledgerTradeIds() throws Exception {
    return Ledgers.tradeIds(configDir, "kraken.main");
  }

  /** The fake's OHLC of a pair (the newest 720 candles, the open one last) by open time in s, rows as sent. */
  private static TreeMap<Long, JsonNode> ohlc(String pair, int interval) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fake().restUrl()
        + "/0/public/OHLC?pair=" + pair + "&interval=" + interval)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    JsonNode result = RecordingCli.JSON.readTree(response.body()).get("result");
    TreeMap<Long, JsonNode> byOpen = new TreeMap<>();
    result.fields().forEachRemaining(entry -> {
      if (!entry.getKey().equals("last")) {
        entry.getValue().forEach(row -> byOpen.put(row.get(0).asLong(), row));
      }
    });
    return byOpen;
  }
}
