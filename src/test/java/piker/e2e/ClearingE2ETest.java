package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.ems.EmsProtocol;
import piker.e2e.support.CliResult;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;
import piker.pikerd.client.EmsConnection;
import piker.pikerd.client.PikerClient;
import piker.pikerd.runtime.RegistryAddress;

/**
 * Paper clearing end to end: pikerd with a quiet sim venue, the CLI as the user runs it, and a client
 * library in this JVM for what a script would do (and for hostile messages the CLI would never send).
 */
class ClearingE2ETest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  @TempDir
  static Path configDir;
  private static PikerdProcess pikerd;

  @BeforeAll
  static void startPikerd() throws Exception {
    Processes.writeConf(configDir, """
        [sim]
        seed = 42
        tick_rate = 0
        venue = ""
        [sim.accounts]
        main = "SIM-001"
        [risk."sim.paper"]
        max_notional = 100000
        price_band = 0.2
        """);
    pikerd = Processes.startPikerd(configDir, "127.0.0.1:0");
  }

  @AfterAll
  static void stopPikerd() throws Exception {
    pikerd.close();
  }

  private static CliResult piker(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", configDir.toString(), "--registry", pikerd.address()));
    return Processes.piker(CLI_TIMEOUT, all.toArray(String[]::new));
  }

  private static List<JsonNode> lines(CliResult result) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : result.stdout().strip().split("\n")) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  private static void assertDecimal(String expected, JsonNode node) {
    assertEquals(0, new BigDecimal(expected).compareTo(node.decimalValue()), node + " != " + expected);
  }

  private static PikerClient client() {
    return PikerClient.connect(configDir, RegistryAddress.parse(pikerd.address()), "WARNING", WAIT);
  }

  @Test
  void aPaperBuyThroughTheAskPrintsPendingOpenFillClosedAndAPositionAndIsInTheLedger() throws Exception {
    CliResult result = piker("order", "buy", "ethusdt.spot.sim", "--size", "0.01", "--price", "3000.05", "--json");
    assertEquals(0, result.exitCode(), result.toString());
    List<JsonNode> out = lines(result);
    assertEquals(List.of("status", "status", "status", "status", "position"),
        out.stream().map(node -> node.get("name").asText()).toList(), result.stdout());
    assertEquals(List.of("pending", "open", "fill", "closed"),
        out.subList(0, 4).stream().map(node -> node.get("resp").asText()).toList());
    JsonNode fill = out.get(2);
    assertDecimal("3000.01", fill.get("fill_price"));
    assertDecimal("3000.05", fill.get("price"));
    assertEquals("sim.paper", fill.get("account").asText());
    assertTrue(result.stdout().contains("\"filled\":0.01"), "exact decimals in plain notation: " + result.stdout());
    JsonNode position = out.get(4);
    assertEquals("ethusdt.spot.sim", position.get("fqme").asText());
    assertDecimal("0.01", position.get("size"));
    assertDecimal("3000.01", position.get("avg_price"));

    String oid = fill.get("oid").asText();
    String ledger = Files.readString(configDir.resolve("accounting/ledgers/trades_sim_paper.toml"));
    assertTrue(ledger.contains("[\"paper-" + oid + "\"]") && ledger.contains("price = 3000.01"), ledger);
    // the account file follows the ledger, off the order path
    Processes.awaitAssert(WAIT, () -> {
      String account = Files.readString(configDir.resolve("accounting/account.sim.paper.toml"));
      assertTrue(account.contains("[\"ethusdt.spot.sim\"]"), account);
      return null;
    });
  }

  @Test
  void darkOrdersRestInEmsdUntilTheMarketCrossesThemAndTheKillSwitchEmptiesTheBook() throws Exception {
    CliResult dark = piker("order", "buy", "solusdt.spot.sim", "--size", "1", "--price", "149", "--dark", "--json",
        "--oid", "sol-dark");
    assertEquals(0, dark.exitCode(), dark.toString());
    assertEquals("dark_open", lines(dark).get(0).get("resp").asText());
    CliResult resting = piker("order", "sell", "solusdt.spot.sim", "--size", "1", "--price", "160", "--oid",
        "sol-rest");
    assertEquals(0, resting.exitCode(), resting.toString());
    assertTrue(resting.stdout().contains("resting"), resting.stdout());
    assertEquals(0, piker("sim", "push", "solusdt.spot.sim", "ask", "149.5").exitCode());
    JsonNode orders = JSON.readTree(piker("orders", "--account", "sim.paper", "--json").stdout());
    List<String> oids = new ArrayList<>();
    orders.forEach(order -> oids.add(order.get("oid").asText()));
    assertTrue(oids.containsAll(List.of("sol-dark", "sol-rest")), oids.toString());

    assertEquals(0, piker("sim", "push", "solusdt.spot.sim", "ask", "148.9").exitCode());
    Processes.awaitAssert(WAIT, () -> {
      JsonNode positions = JSON.readTree(piker("positions", "--account", "sim.paper", "--json").stdout());
      boolean sol = false;
      for (JsonNode position : positions) {
        if (position.get("fqme").asText().equals("solusdt.spot.sim")) {
          assertDecimal("1", position.get("size"));
          // emsd sends the fired buy at the ask plus 5 ticks (148.905); paperboi has its own feed, so the
          // order finds the 148.9 ask there (a taker, filled at 148.9) or arrives first, rests, and the
          // ask fills it at its own limit (a maker, 148.905): both are right, nothing else is
          BigDecimal avg = position.get("avg_price").decimalValue();
          assertTrue(avg.compareTo(new BigDecimal("148.9")) == 0 || avg.compareTo(new BigDecimal("148.905")) == 0,
              "filled at the ask or the fired limit: " + position);
          sol = true;
        }
      }
      assertTrue(sol, positions.toString());
      return null;
    });

    CliResult killSwitch = piker("cancel", "--all", "--json");
    assertEquals(0, killSwitch.exitCode(), killSwitch.toString());
    assertTrue(lines(killSwitch).stream().anyMatch(s -> s.get("oid").asText().equals("sol-rest")
        && s.get("resp").asText().equals("canceled")), killSwitch.stdout());
    assertEquals("[]", piker("orders", "--json").stdout().strip());
    CliResult unknown = piker("cancel", "sol-rest");
    assertEquals(1, unknown.exitCode(), unknown.toString());
    assertTrue(unknown.stdout().contains("no active order sol-rest"), unknown.toString());
  }

  @Test
  void badInputExitsTwoAndRuntimeRefusalsExitOneWithAnErrorStatus() throws Exception {
    String[][] bad = {
        {"order", "buy", "btcusdt.spot.sim", "--size", "0", "--price", "60000"},
        {"order", "buy", "btcusdt.spot.sim", "--size", "-1", "--price", "60000"},
        {"order", "buy", "btcusdt.spot.sim", "--size", "NaN", "--price", "60000"},
        {"order", "buy", "btcusdt.spot.sim", "--size", "0.001", "--price", "Infinity"},
        {"order", "buy", "btcusdt.spot.sim", "--size", "0.001", "--price", "-5"},
        {"order", "buy", "nosuch.spot.sim", "--size", "0.001", "--price", "60000"},
        {"order", "buy", "btcusdt.spot.sim", "--size", "0.001", "--price", "60000", "--account", "sim.nope"},
        {"order", "short", "btcusdt.spot.sim", "--size", "0.001", "--price", "60000"},
        {"order", "buy", "btcusdt.spot.sim", "--size", "1E+999999999", "--price", "60000"},
        {"order", "buy", "btcusdt.spot.sim", "--size", "0.001", "--price", "60000", "--oid", "no spaces"},
    };
    List<String[]> commands = new ArrayList<>(List.of(bad));
    commands.add(new String[] {"order", "buy", "btcusdt.spot.sim", "--size", "0.001", "--price", "60000.001", "--json"});
    commands.add(new String[] {"order", "buy", "btcusdt.spot.sim", "--size", "2", "--price", "60000", "--json"});
    commands.add(new String[] {"services", "--json"});
    // many short commands: one client JVM runs them one after another, each as bin/piker would
    List<CliResult> results = Processes.pikerBatch(CLI_TIMEOUT, commands.stream().map(args -> {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(List.of("-c", configDir.toString(), "--registry", pikerd.address()));
      return all.toArray(String[]::new);
    }).toList());
    for (int i = 0; i < bad.length; i++) {
      CliResult result = results.get(i);
      assertEquals(2, result.exitCode(), String.join(" ", bad[i]) + " -> " + result);
      assertEquals(1, result.stderrLines().size(), result.stderr());
    }
    CliResult offTick = results.get(bad.length);
    assertEquals(1, offTick.exitCode(), offTick.toString());
    JsonNode error = lines(offTick).get(0);
    assertEquals("error", error.get("resp").asText());
    assertTrue(error.get("reason").asText().contains("price tick"), error.toString());
    CliResult risk = results.get(bad.length + 1);
    assertEquals(1, risk.exitCode(), risk.toString());
    assertTrue(lines(risk).get(0).get("reason").asText().contains("max_notional"), risk.stdout());
    JsonNode services = JSON.readTree(results.get(bad.length + 2).stdout());
    services.forEach(service -> assertFalse(service.get("kind").asText().equals("brokerd"),
        "paper sessions start no brokerd: " + services));
  }

  @Test
  void aClientLibrarySendingHostileCommandsGetsErrorsAndEmsdKeepsServing() throws Exception {
    LinkedBlockingQueue<EmsProtocol.Event> events = new LinkedBlockingQueue<>();
    try (PikerClient client = client();
         EmsConnection ems = EmsConnection.open(client, List.of("sim.paper"), events::add, WAIT)) {
      ems.send(new EmsProtocol.Order(null, null, null, null, null, null, null));
      ems.send(new EmsProtocol.Order("x".repeat(500), "buy", "btcusdt.spot.sim", BigDecimal.ONE, BigDecimal.ONE,
          "paper", null));
      ems.send(new EmsProtocol.Order("h1", "buy", "../../etc/passwd", BigDecimal.ONE, BigDecimal.ONE, "paper", null));
      ems.send(new EmsProtocol.Order("h2", "buy", "btcusdt.spot.sim", new BigDecimal("1E+400"), BigDecimal.ONE,
          "paper", "dark"));
      // a reason that printed this number in plain digits would need a gigabyte
      ems.send(new EmsProtocol.Order("h3", "buy", "btcusdt.spot.sim", new BigDecimal("-1E+999999999"),
          BigDecimal.ONE, "paper", null));
      ems.send(new EmsProtocol.CancelAll("sim.main"));
      for (int i = 0; i < 6; i++) {
        EmsProtocol.Status status = (EmsProtocol.Status) events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(status != null && status.resp().equals("error"), String.valueOf(status));
      }
      ems.send(new EmsProtocol.Order("fine", "buy", "mnq.cme.20261218.sim", new BigDecimal("21000.25"),
          BigDecimal.ONE, "paper", null));
      List<String> resps = new ArrayList<>();
      while (!resps.contains("closed")) {
        EmsProtocol.Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(event != null, "emsd still serves: " + resps);
        if (event instanceof EmsProtocol.Status status) {
          resps.add(status.resp());
        }
      }
      assertEquals(List.of("pending", "open", "fill", "closed"), resps);
    }
  }

  @Test
  void elevenFillsThatSumToZeroLeaveNoPositionAndTheLedgerReadsTheSameWithPikerd() throws Exception {
    String[] sizes = {"+0.001", "+0.002", "-0.001", "+0.0015", "+0.001", "+0.002", "-0.001", "-0.025", "-0.0195",
        "+0.001", "+0.038"};
    LinkedBlockingQueue<EmsProtocol.Event> events = new LinkedBlockingQueue<>();
    EmsProtocol.Position last = null;
    try (PikerClient client = client();
         EmsConnection ems = EmsConnection.open(client, List.of("sim.paper"), events::add, WAIT)) {
      for (int i = 0; i < sizes.length; i++) {
        BigDecimal size = new BigDecimal(sizes[i]);
        boolean buy = size.signum() > 0;
        ems.send(new EmsProtocol.Order("seq-" + i, buy ? "buy" : "sell", "btcusdt.spot.sim",
            new BigDecimal(buy ? "60100" : "59900"), size.abs(), "paper", null));
        EmsProtocol.Position position = null;
        while (position == null) {
          EmsProtocol.Event event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          assertTrue(event != null, "fill " + i + " never came");
          if (event instanceof EmsProtocol.Status status) {
            assertFalse(status.resp().equals("error"), status.toString());
          } else if (event instanceof EmsProtocol.Position p && p.fqme().equals("btcusdt.spot.sim")) {
            position = p;
          }
        }
        last = position;
      }
    }
    assertEquals(0, last.size().signum(), "the summed size is exactly zero: " + last);
    Processes.awaitAssert(WAIT, () -> {
      String account = Files.readString(configDir.resolve("accounting/account.sim.paper.toml"));
      assertFalse(account.contains("btcusdt.spot.sim"), account);
      return null;
    });
    CliResult ledger = piker("ledger", "sim.paper", "--json");
    assertEquals(0, ledger.exitCode(), ledger.toString());
    JsonNode reply = JSON.readTree(ledger.stdout());
    assertTrue(reply.get("ledger").asText().endsWith("trades_sim_paper.toml"));
    reply.get("positions").forEach(position ->
        assertFalse(position.get("fqme").asText().equals("btcusdt.spot.sim"), reply.toString()));
  }
}
