package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.CliResult;
import piker.e2e.support.Lines;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;

/** The data path end to end: pikerd with its embedded (quiet) sim venue, and the CLI as the user runs it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPathE2ETest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(40);
  private static final Duration LINE = Duration.ofSeconds(20);
  /** Reads numbers as exact decimals, trailing zeros kept, to check the CLI prints them exactly. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

  @TempDir
  static Path configDir;
  private static PikerdProcess pikerd;

  @BeforeAll
  static void startPikerd() throws Exception {
    Processes.writeConf(configDir, "[sim]\nseed = 42\ntick_rate = 0\nvenue = \"\"\n");
    pikerd = Processes.startPikerd(configDir, "127.0.0.1:0");
  }

  @AfterAll
  static void stopPikerd() throws Exception {
    pikerd.close();
  }

  private static String[] withPikerd(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", configDir.toString(), "--registry", pikerd.address()));
    return all.toArray(String[]::new);
  }

  private static CliResult piker(String... args) {
    return Processes.piker(CLI_TIMEOUT, withPikerd(args));
  }

  private static Map<String, JsonNode> services() throws Exception {
    CliResult result = piker("services", "--json");
    assertEquals(0, result.exitCode(), result.toString());
    Map<String, JsonNode> byName = new HashMap<>();
    JSON.readTree(result.stdout()).forEach(service -> byName.put(service.get("name").asText(), service));
    return byName;
  }

  @Test
  @Order(1)
  void severalSearchesStartedTogetherStartExactlyOneDatad() throws Exception {
    List<Process> searches = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      searches.add(Processes.startPiker(withPikerd("search", "btc", "--broker", "sim", "--json")));
    }
    for (Process search : searches) {
      String out = new String(search.getInputStream().readAllBytes());
      assertTrue(search.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, search.exitValue(), out);
      JsonNode matches = JSON.readTree(out);
      assertEquals("btcusdt.spot.sim", matches.get(0).get("fqme").asText(), out);
      assertEquals("sim", matches.get(0).get("broker").asText());
    }
    Map<String, JsonNode> services = services();
    // exactly one datad.sim, and the clock it steps its bars by
    assertEquals(List.of("datad.sim", "pikerd", "samplerd"), services.keySet().stream().sorted().toList());
  }

  @Test
  @Order(2)
  void quoteGetsStartupQuotesThenPushedTicksExactlyForTwoMarkets() throws Exception {
    Process quote = Processes.startPiker(withPikerd("quote", "btcusdt.spot.sim", "mnq.cme.20261218.sim",
        "--count", "5", "--json", "--timeout", "60s"));
    Lines lines = new Lines(quote);
    Map<String, JsonNode> startup = new HashMap<>();
    for (int i = 0; i < 2; i++) {
      JsonNode line = JSON.readTree(lines.next(LINE));
      startup.put(line.get("fqme").asText(), line);
    }
    // exact values in each market's scale: btcusdt's tick is 0.01, mnq's 0.25
    assertEquals("60000.00", startup.get("btcusdt.spot.sim").get("last").decimalValue().toPlainString());
    assertEquals("59999.99", startup.get("btcusdt.spot.sim").get("bid").decimalValue().toPlainString());
    assertEquals("21000.00", startup.get("mnq.cme.20261218.sim").get("last").decimalValue().toPlainString());

    push("btcusdt.spot.sim", "trade", "60000.01", "0.5");
    assertTick(lines.next(LINE), "btcusdt.spot.sim", "trade", "60000.01", "0.50000"); // the lot is 0.00001
    push("mnq.cme.20261218.sim", "bid", "20999.50", "3");
    assertTick(lines.next(LINE), "mnq.cme.20261218.sim", "bid", "20999.50", "3");
    push("btcusdt.spot.sim", "ask", "60000.05", "0.00002");
    assertTick(lines.next(LINE), "btcusdt.spot.sim", "ask", "60000.05", "0.00002");
    assertTrue(quote.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, quote.exitValue(), "--count 5 reached");
  }

  private static void push(String fqme, String type, String price, String size) {
    CliResult result = Processes.piker(CLI_TIMEOUT, "sim", "push", fqme, type, price, size, "-c", configDir.toString());
    assertEquals(0, result.exitCode(), result.toString());
  }

  private static void assertTick(String line, String fqme, String type, String price, String size) throws Exception {
    JsonNode quote = JSON.readTree(line);
    assertEquals(fqme, quote.get("fqme").asText(), line);
    JsonNode tick = quote.get("ticks").get(0);
    assertEquals(type, tick.get("type").asText(), line);
    assertEquals(price, tick.get("price").decimalValue().toPlainString(), line);
    assertEquals(size, tick.get("size").decimalValue().toPlainString(), line);
    assertTrue(!line.contains("E-") && !line.contains("E+"), "plain decimals: " + line);
  }

  @Test
  @Order(3)
  void mktInfoShowsTheCataloguesExactTicks() throws Exception {
    CliResult result = piker("mkt-info", "BTCUSDT.SPOT.SIM", "--json");
    assertEquals(0, result.exitCode(), result.toString());
    JsonNode info = JSON.readTree(result.stdout());
    assertEquals("btcusdt.spot.sim", info.get("fqme").asText());
    assertEquals("0.01", info.get("price_tick").decimalValue().toPlainString());
    assertEquals("0.00001", info.get("size_tick").decimalValue().toPlainString());
    assertTrue(result.stdout().contains("\"size_tick\":0.00001"), result.stdout());
  }

  @Test
  @Order(4)
  void badInputExits2WithOneLineAndLeavesDatadAlone() throws Exception {
    JsonNode before = services().get("datad.sim");
    List<String[]> bad = List.of(
        new String[] {"quote", "zzzusdt.spot.sim", "--count", "1"},
        new String[] {"quote", "btcusdt.spot.nope", "--count", "1"},
        new String[] {"mkt-info", "zzzusdt.spot.sim"},
        new String[] {"search", ""},
        new String[] {"search", "btc", "--broker", "nope"},
        new String[] {"quote", "btc..sim"});
    // many short commands: one client JVM runs them one after another, each as bin/piker would
    List<CliResult> results = Processes.pikerBatch(CLI_TIMEOUT, bad.stream().map(DataPathE2ETest::withPikerd).toList());
    for (int i = 0; i < bad.size(); i++) {
      CliResult result = results.get(i);
      assertEquals(2, result.exitCode(), String.join(" ", bad.get(i)) + "\n" + result);
      assertEquals(1, result.stderrLines().size(), result.stderr());
      assertEquals("", result.stdout());
    }
    JsonNode after = services().get("datad.sim");
    assertEquals(before.get("started"), after.get("started"), "datad kept running");
    assertEquals(0, after.get("restarts").asInt());
  }

  @Test
  @Order(5)
  void pushedTradesMakeExactOneSecondBarsStepsMakeFlatOnes() throws Exception {
    CliResult warm = piker("bars", "ethusdt.spot.sim", "--period", "1s", "--count", "1", "--json");
    assertEquals(0, warm.exitCode(), warm.toString());
    String venue = java.nio.file.Files.readString(configDir.resolve("sim-venue").resolve("venue.address")).strip();
    piker.backends.sim.client.VenueConnection pusher =
        piker.backends.sim.client.VenueConnection.open(venue, event -> { }, error -> { }).get(10, TimeUnit.SECONDS);
    java.util.TreeMap<Long, List<String[]>> bySecond = new java.util.TreeMap<>();
    String[][] trades = {{"3000.50", "1.5"}, {"3001.25", "0.25"}, {"2999.75", "2"}, {"3000.00", "0.0001"}};
    try {
      for (String[] trade : trades) {
        JsonNode reply = pusher.request(pusher.json().object().put("op", "push").put("market", "ethusdt.spot")
            .put("type", "trade").put("price", trade[0]).put("size", trade[1])).get(10, TimeUnit.SECONDS);
        bySecond.computeIfAbsent(reply.get("time_ns").asLong() / 1_000_000_000L, s -> new ArrayList<>()).add(trade);
      }
    } finally {
      pusher.close();
    }
    long lastTradeSecond = bySecond.lastKey();
    List<JsonNode> bars = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (bars.isEmpty() || bars.get(bars.size() - 1).get("time").asLong() <= lastTradeSecond + 1) {
      assertTrue(System.nanoTime() < deadline, "samplerd stepped past the trades: " + bars);
      CliResult read = piker("bars", "ethusdt.spot.sim", "--period", "1s", "--count", "30", "--json");
      assertEquals(0, read.exitCode(), read.toString());
      bars = new ArrayList<>();
      for (String line : read.stdout().lines().toList()) {
        bars.add(JSON.readTree(line));
      }
    }
    for (int i = 1; i < bars.size(); i++) {
      assertEquals(bars.get(i - 1).get("time").asLong() + 1, bars.get(i).get("time").asLong(),
          "consecutive seconds, none skipped or repeated: " + bars);
    }
    java.util.Map<Long, JsonNode> byTime = new HashMap<>();
    bars.forEach(bar -> byTime.put(bar.get("time").asLong(), bar));
    for (var second : bySecond.entrySet()) {
      JsonNode bar = byTime.get(second.getKey());
      JsonNode previous = byTime.get(second.getKey() - 1);
      List<String[]> inBar = second.getValue();
      java.math.BigDecimal open = bar.get("open").decimalValue();
      // opened by its first trade, or by samplerd's step (or the feed's start) at the previous close,
      // which in this quiet market is still its reference price
      java.math.BigDecimal previousClose = previous != null ? previous.get("close").decimalValue()
          : new java.math.BigDecimal("3000");
      assertTrue(open.compareTo(new java.math.BigDecimal(inBar.get(0)[0])) == 0
          || open.compareTo(previousClose) == 0, bar.toString());
      java.math.BigDecimal high = open;
      java.math.BigDecimal low = open;
      java.math.BigDecimal volume = java.math.BigDecimal.ZERO;
      for (String[] trade : inBar) {
        high = high.max(new java.math.BigDecimal(trade[0]));
        low = low.min(new java.math.BigDecimal(trade[0]));
        volume = volume.add(new java.math.BigDecimal(trade[1]));
      }
      assertEquals(0, high.compareTo(bar.get("high").decimalValue()), bar.toString());
      assertEquals(0, low.compareTo(bar.get("low").decimalValue()), bar.toString());
      assertEquals(inBar.get(inBar.size() - 1)[0], bar.get("close").decimalValue().toPlainString(), bar.toString());
      // exact, at the market's lot decimals (ethusdt's 0.0001): 1.75 is written 1.7500
      assertEquals(volume.setScale(4).toPlainString(), bar.get("volume").decimalValue().toPlainString(), bar.toString());
    }
    JsonNode flat = byTime.get(lastTradeSecond + 1);
    for (String field : new String[] {"open", "high", "low", "close"}) {
      assertEquals("3000.00", flat.get(field).decimalValue().toPlainString(), "flat at the last close: " + flat);
    }
    assertEquals(0, flat.get("volume").decimalValue().signum());
  }

  @Test
  @Order(6)
  void chartRendersCandlesToAPngOfTheRequestedSize() throws Exception {
    Path png = configDir.resolve("chart.png");
    CliResult result = piker("chart", "ethusdt.spot.sim", "--period", "1s", "--png", png.toString(), "--width", "640",
        "--height", "360");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(List.of(), result.stderrLines(), "a command that succeeds prints nothing on stderr");
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(640, image.getWidth());
    assertEquals(360, image.getHeight());
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    int candlePixels = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb == 0x26a69a || rgb == 0xef5350) {
          candlePixels++;
        }
      }
    }
    assertTrue(colours.size() > 20, "not blank: " + colours.size() + " colours");
    assertTrue(candlePixels > 50, "candles drawn: " + candlePixels + " pixels in candle colours");
    CliResult bad = piker("chart", "ethusdt.spot.sim", "--period", "7s", "--png", png.toString());
    assertEquals(2, bad.exitCode(), bad.toString());
  }

  @Test
  @Order(7)
  void quoteAndSearchSessionsNeverStartABrokerd() throws Exception {
    assertTrue(services().values().stream().noneMatch(service -> service.get("kind").asText().equals("brokerd")));
  }
}
