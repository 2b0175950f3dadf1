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

  @TempDir
  static Path configDir;
  private static KrakenSession kraken;

  @BeforeAll
  static void start() throws Exception {
    kraken = KrakenSession.start(configDir);
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
        List.of("search", "BTC/USD", "--broker", "kraken", "--json"),
        List.of("mkt-info", "btcusd.spot.kraken", "--json"),
        List.of("mkt-info", "XBTUSD.SPOT.KRAKEN", "--json"),
        List.of("mkt-info", "ethbtc.spot.kraken", "--json"),
        List.of("quote", "zzzusd.spot.kraken", "--count", "1"));
    for (CliResult search : results.subList(0, 2)) {
      assertEquals(0, search.exitCode(), search.toString());
      assertEquals("btcusd.spot.kraken", RecordingCli.JSON.readTree(search.stdout()).get(0).get("fqme").asText(),
          search.stdout());
    }
    for (CliResult info : results.subList(2, 4)) {
      assertEquals(0, info.exitCode(), info.toString());
      JsonNode btc = RecordingCli.JSON.readTree(info.stdout());
      assertEquals("btcusd.spot.kraken", btc.get("fqme").asText(), info.stdout()); // the legacy name resolves
      assertEquals("XXBTZUSD", btc.get("bs_mktid").asText());
      RecordingCli.assertDecimal("0.1", btc.get("price_tick")); // tick_size
      RecordingCli.assertDecimal("0.00000001", btc.get("size_tick")); // lot_decimals 8
      RecordingCli.assertDecimal("0.5", btc.get("min_notional")); // costmin
    }
    JsonNode ethBtc = RecordingCli.JSON.readTree(results.get(4).stdout());
    assertEquals("XETHXXBT", ethBtc.get("bs_mktid").asText(), results.get(4).stdout());
    RecordingCli.assertDecimal("0.00001", ethBtc.get("price_tick"));

    CliResult unknown = results.get(5);
    assertEquals(2, unknown.exitCode(), unknown.toString());
    assertEquals(1, RecordingCli.messageLines(unknown).size(), unknown.stderr());
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
    assertTicks(next(lines, "ethusd.spot.kraken"), "trade 3000.75 0.00012345");
    fake().book("BTC/USD", "60000.3", "0.00000001", "60000.4", "1.5");
    assertTicks(next(lines, "btcusd.spot.kraken"), "bid 60000.3 0.00000001", "ask 60000.4 1.5");

    // a dropped link: Kraken's subscriptions come back by themselves, and a trade made meanwhile arrives once
    fake().dropPublicConnections();
    fake().trade("ETH/USD", "3000.5", "0.5");
    assertTicks(next(lines, "ethusd.spot.kraken"), "trade 3000.5 0.5");
    fake().trade("ETH/USD", "3000.25", "0.75");
    assertTicks(next(lines, "ethusd.spot.kraken"), "trade 3000.25 0.75");
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

  private static void assertTicks(String line, String... ticks) throws Exception {
    JsonNode quote = RecordingCli.JSON.readTree(line);
    List<String> shown = new ArrayList<>();
    quote.get("ticks").forEach(tick -> shown.add(tick.get("type").asText() + " "
        + tick.get("price").decimalValue().stripTrailingZeros().toPlainString() + " "
        + tick.get("size").decimalValue().stripTrailingZeros().toPlainString()));
    assertEquals(List.of(ticks), shown, line);
    assertFalse(line.contains("E-") || line.contains("E+"), "plain decimals: " + line);
  }

  @Test
  @Order(3)
  void minuteBarsAreKrakensOhlcGapFreeAndAPaperOrderFillsOnKrakensBook() throws Exception {
    fake().book("BTC/USD", "60000.3", "1", "60000.4", "1");
    List<CliResult> results = cli().pikerTogether(
        List.of("bars", "solusd.spot.kraken", "--period", "1m", "--count", "8", "--json"),
        List.of("order", "buy", "btcusd.spot.kraken", "--size", "0.0001", "--price", "60000.5", "--json"));
    CliResult bars = results.get(0);
    assertEquals(0, bars.exitCode(), bars + cli().pikerdLogTail());
    Map<Long, JsonNode> ohlc = ohlc("SOLUSD", 1);
    List<JsonNode> shown = RecordingCli.jsonLines(bars.stdout());
    assertEquals(8, shown.size(), bars.stdout());
    long previous = Long.MIN_VALUE;
    for (JsonNode bar : shown) {
      long time = bar.get("time").asLong();
      assertTrue(time > previous, "in order, once: " + bars.stdout());
      if (previous != Long.MIN_VALUE) {
        assertEquals(previous + 60, time, "gap-free minutes: " + bars.stdout());
      }
      previous = time;
      JsonNode candle = ohlc.get(time);
      assertTrue(candle != null, "every bar is one of Kraken's candles: " + bar + " not in " + ohlc.keySet());
      String[] fields = {"open", "high", "low", "close"};
      for (int i = 0; i < fields.length; i++) {
        RecordingCli.assertDecimal(candle.get(i + 1).asText(), bar.get(fields[i]));
      }
      RecordingCli.assertDecimal(candle.get(6).asText(), bar.get("volume"));
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

  /** The fake's OHLC of a pair (the newest 720 candles, the open one last) by open time in s, rows as sent. */
  private static Map<Long, JsonNode> ohlc(String pair, int interval) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fake().restUrl()
        + "/0/public/OHLC?pair=" + pair + "&interval=" + interval)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    JsonNode result = RecordingCli.JSON.readTree(response.body()).get("result");
    Map<Long, JsonNode> byOpen = new TreeMap<>();
    result.fields().forEachRemaining(entry -> {
      if (!entry.getKey().equals("last")) {
        entry.getValue().forEach(row -> byOpen.put(row.get(0).asLong(), row));
      }
    });
    return byOpen;
  }
}
