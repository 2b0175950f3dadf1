package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.CliResult;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;

/**
 * Nothing accepted is lost: pikerd is killed with -9 while dark orders and resting paper orders are
 * open; after a restart the same oids are listed, still trigger and fill, the position is identical,
 * and the ledger holds every trade once. {@code piker ledger} then reads the same without pikerd. A client
 * still following its order when pikerd dies says the order may still be active and how to check.
 */
class ClearingRestartE2ETest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  @TempDir
  Path configDir;

  private CliResult piker(PikerdProcess pikerd, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", configDir.toString()));
    if (pikerd != null) {
      all.addAll(List.of("--registry", pikerd.address()));
      return Processes.piker(CLI_TIMEOUT, all.toArray(String[]::new));
    }
    // no pikerd: nobody answers at a free port, and the ledger command need not wait long to see it
    all.addAll(List.of("--registry", "127.0.0.1:" + freePort()));
    return Processes.piker(java.util.Map.of("PIKER_CONNECT_TIMEOUT", "1s"), CLI_TIMEOUT, all.toArray(String[]::new));
  }

  private static int freePort() {
    try {
      return Processes.freePort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private CliResult ok(PikerdProcess pikerd, String... args) {
    CliResult result = piker(pikerd, args);
    assertEquals(0, result.exitCode(), String.join(" ", args) + " -> " + result);
    return result;
  }

  private Set<String> activeOids(PikerdProcess pikerd) throws Exception {
    Set<String> oids = new TreeSet<>();
    JSON.readTree(ok(pikerd, "orders", "--json").stdout()).forEach(order -> oids.add(order.get("oid").asText()));
    return oids;
  }

  private JsonNode positions(PikerdProcess pikerd) throws Exception {
    return JSON.readTree(ok(pikerd, "positions", "--account", "sim.paper", "--json").stdout());
  }

  private List<String> ledgerTids() throws Exception {
    List<String> tids = new ArrayList<>();
    Matcher tables = Pattern.compile("(?m)^\\[\"([^\"]+)\"]$")
        .matcher(Files.readString(configDir.resolve("accounting/ledgers/trades_sim_paper.toml")));
    while (tables.find()) {
      tids.add(tables.group(1));
    }
    return tids;
  }

  @Test
  void aKilledPikerdComesBackWithItsOrdersPositionAndLedgerAndFillsEachTradeOnce() throws Exception {
    Processes.writeConf(configDir, "[sim]\nseed = 42\ntick_rate = 0\nvenue = \"\"\n");
    PikerdProcess first = Processes.startPikerd(configDir, "127.0.0.1:0");
    Process follow = null;
    try {
      ok(first, "order", "buy", "btcusdt.spot.sim", "--size", "0.003", "--price", "60000.01");
      ok(first, "order", "sell", "btcusdt.spot.sim", "--size", "0.001", "--price", "59999.99");
      ok(first, "order", "buy", "btcusdt.spot.sim", "--size", "0.002", "--price", "59000", "--dark", "--oid", "dark-1");
      ok(first, "order", "alert", "btcusdt.spot.sim", "--size", "1", "--price", "61000", "--oid", "alert-1");
      // a client still following its resting order when pikerd dies
      Path followErr = configDir.resolve("follow.err");
      follow = Processes.startPiker(ProcessBuilder.Redirect.to(followErr.toFile()), "order", "buy",
          "btcusdt.spot.sim", "--size", "0.001", "--price", "59500", "--oid", "rest-1", "--follow", "--timeout", "5m",
          "-c", configDir.toString(), "--registry", first.address());
      java.io.BufferedReader followOut = Processes.stdout(follow);
      assertTrue(java.util.concurrent.CompletableFuture.supplyAsync(() -> followOut.lines()
          .anyMatch(line -> line.startsWith("open") && line.endsWith("resting"))).get(60, TimeUnit.SECONDS));
      assertEquals(Set.of("dark-1", "alert-1", "rest-1"), activeOids(first));
      JsonNode before = positions(first);
      assertEquals(1, before.size(), before.toString());

      first.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      assertEquals(2, ledgerTids().size());

      PikerdProcess second = Processes.startPikerd(configDir, "127.0.0.1:0");
      try {
        assertEquals(Set.of("dark-1", "alert-1", "rest-1"), activeOids(second), "the same oids after kill -9");
        assertTrue(follow.waitFor(60, TimeUnit.SECONDS), "the following client noticed pikerd had gone");
        String said = Files.readString(followErr);
        assertEquals(1, follow.exitValue(), said);
        assertTrue(said.contains("order rest-1 was open when the dialog with emsd ended (lost contact with emsd")
            && said.contains("`piker orders`"), said);
        assertEquals(before, positions(second), "the identical position after a restart");

        ok(second, "sim", "push", "btcusdt.spot.sim", "ask", "58999");
        ok(second, "sim", "push", "btcusdt.spot.sim", "trade", "61000");
        Processes.awaitAssert(WAIT, () -> {
          assertEquals(Set.of(), activeOids(second));
          return null;
        });
        List<String> tids = ledgerTids();
        assertEquals(4, tids.size(), tids.toString());
        assertEquals(tids.size(), new TreeSet<>(tids).size(), "no trade twice: " + tids);
        JsonNode after = positions(second);
        assertEquals(0, new java.math.BigDecimal("0.005").compareTo(after.get(0).get("size").decimalValue()),
            after.toString());
        // a pikerd that runs but is not reached (a wrong --registry) keeps its ledger to itself
        CliResult beside = piker(null, "ledger", "sim.paper");
        assertEquals(3, beside.exitCode(), beside.toString());
        assertTrue(beside.stderr().contains("holds"), beside.stderr());
      } finally {
        second.close();
      }
      JsonNode offline = JSON.readTree(ok(null, "ledger", "sim.paper", "--json").stdout());
      assertEquals("sim.paper", offline.get("account").asText());
      assertEquals(1, offline.get("positions").size(), offline.toString());
      assertEquals(0, new java.math.BigDecimal("0.005").compareTo(
          offline.get("positions").get(0).get("size").decimalValue()), offline.toString());
      JsonNode again = JSON.readTree(ok(null, "ledger", "sim.paper", "--json").stdout());
      assertEquals(offline, again, "reading the ledger twice changes nothing");
      assertTrue(Files.readString(configDir.resolve("accounting/account.sim.paper.toml")).contains("size = 0.005"));
    } finally {
      if (first.process().isAlive()) {
        first.close();
      }
      if (follow != null) {
        follow.destroyForcibly().waitFor();
      }
    }
  }
}
