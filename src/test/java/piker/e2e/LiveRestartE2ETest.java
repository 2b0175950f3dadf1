package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.sim.client.VenueConnection;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.e2e.support.CliResult;
import piker.e2e.support.Ledgers;
import piker.e2e.support.Lines;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;
import piker.pikerd.client.PikerClient;
import piker.pikerd.runtime.RegistryAddress;

/**
 * Nothing live is lost: with a standalone venue (the exchange outlives pikerd), pikerd is killed with
 * -9 while live orders rest and the market fills some of them meanwhile; later brokerd alone is
 * stopped under a resting order. Each time the orders come back, every fill is counted exactly once,
 * and the ledger is the venue's trades.
 */
class LiveRestartE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KEY = "simkey-restart-e2e";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  @TempDir
  Path configDir;
  private String venueAddress;

  private CliResult ok(PikerdProcess pikerd, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", configDir.toString()));
    if (pikerd != null) {
      all.addAll(List.of("--registry", pikerd.address()));
    }
    CliResult result = Processes.piker(Duration.ofSeconds(60), all.toArray(String[]::new));
    assertEquals(0, result.exitCode(), result.toString());
    return result;
  }

  private void push(String price, String size) {
    ok(null, "sim", "push", "solusdt.spot.sim", "ask", price, size);
  }

  /** The active live orders: oid → filled. */
  private Map<String, BigDecimal> active(PikerdProcess pikerd) throws Exception {
    Map<String, BigDecimal> filled = new TreeMap<>();
    JSON.readTree(ok(pikerd, "orders", "--account", "sim.main", "--json").stdout())
        .forEach(status -> filled.put(status.get("oid").asText(), status.get("filled").decimalValue()));
    return filled;
  }

  private List<String> venueTradeIds() throws Exception {
    List<String> ids = new ArrayList<>();
    try (VenueConnection venue = VenueConnection.open(venueAddress, event -> { }, error -> { })
        .get(10, TimeUnit.SECONDS)) {
      venue.request(venue.json().object().put("op", "login").put("key", KEY).put("account", "SIM-001"))
          .get(10, TimeUnit.SECONDS);
      venue.request(venue.json().object().put("op", "trades")).get(10, TimeUnit.SECONDS)
          .forEach(trade -> ids.add(trade.get("trade_id").asText()));
    }
    return ids;
  }

  private List<String> ledgerTradeIds() throws Exception {
    return Ledgers.tradeIds(configDir, "sim.main");
  }

  private BigDecimal position(PikerdProcess pikerd) throws Exception {
    JsonNode positions = JSON.readTree(ok(pikerd, "positions", "--account", "sim.main", "--json").stdout());
    return positions.isEmpty() ? BigDecimal.ZERO : positions.get(0).get("size").decimalValue();
  }

  @Test
  void killedPikerdAndStoppedBrokerdComeBackWithTheirOrdersAndCountEachVenueFillOnce() throws Exception {
    String settings = "[sim]\nseed = 42\ntick_rate = 0\n[sim.accounts]\nmain = \"SIM-001\"\n";
    Processes.writeConf(configDir, settings);
    // an ephemeral port, taken by the venue itself; pikerd is pointed at whatever it got
    Process venue = Processes.startPiker("sim", "serve", "--port", "0", "-c", configDir.toString());
    PikerdProcess first = null;
    PikerdProcess second = null;
    try {
      String ready = new Lines(venue).next(WAIT);
      assertTrue(ready.startsWith("sim venue ready 127.0.0.1:"), ready);
      venueAddress = ready.substring("sim venue ready ".length());
      Processes.writeConf(configDir, settings.replace("[sim]\n", "[sim]\nvenue = \"" + venueAddress + "\"\n"));
      first = Processes.startPikerd(configDir, "127.0.0.1:0");
      Path brokers = configDir.resolve("brokers.toml");
      Files.writeString(brokers, "[sim]\napi_key = \"" + KEY + "\"\n");
      Files.setPosixFilePermissions(brokers, PosixFilePermissions.fromString("rw-------"));
      ok(first, "order", "buy", "solusdt.spot.sim", "--size", "0.1", "--price", "149", "--account", "sim.main",
          "--oid", "live-1");
      ok(first, "order", "buy", "solusdt.spot.sim", "--size", "0.1", "--price", "148.5", "--account", "sim.main",
          "--oid", "live-2");
      ok(first, "order", "buy", "solusdt.spot.sim", "--size", "0.1", "--price", "148", "--account", "sim.main",
          "--oid", "live-3");
      assertEquals(List.of("live-1", "live-2", "live-3"), List.copyOf(active(first).keySet()));

      first.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      push("149", "0.1"); // fills live-1
      push("148.5", "0.04"); // fills part of live-2
      assertEquals(2, venueTradeIds().size());
      assertEquals(List.of(), ledgerTradeIds(), "nobody ledgered them yet");

      second = Processes.startPikerd(configDir, "127.0.0.1:0");
      PikerdProcess restarted = second;
      Processes.awaitAssert(WAIT, () -> {
        Map<String, BigDecimal> now = active(restarted);
        assertEquals(List.of("live-2", "live-3"), List.copyOf(now.keySet()), now.toString());
        assertEquals(0, new BigDecimal("0.04").compareTo(now.get("live-2")), now.toString());
        return null;
      });
      assertEquals(venueTradeIds(), ledgerTradeIds(), "the fills made while down, each once");
      assertEquals(0, new BigDecimal("0.14").compareTo(position(second)));

      // brokerd alone stops; the market fills the rest of live-2 and live-3 meanwhile (best bid first);
      // emsd brings brokerd back by itself for the orders it holds
      try (PikerClient client = PikerClient.connect(configDir, RegistryAddress.parse(second.address()), "WARNING",
          WAIT)) {
        assertTrue(client.find("brokerd.sim").isEmpty(), "brokerd is not in the registry");
        client.cancelService(ServiceName.of(DaemonKind.BROKERD, "sim"), "LiveRestartE2ETest");
      }
      push("148", "0.16");
      Processes.awaitAssert(WAIT, () -> {
        assertEquals(List.of(), List.copyOf(active(restarted).keySet()));
        return null;
      });
      assertEquals(4, venueTradeIds().size());
      assertEquals(venueTradeIds(), ledgerTradeIds());
      assertEquals(0, new BigDecimal("0.3").compareTo(position(second)));
    } finally {
      if (second != null) {
        second.close();
      }
      if (first != null && first.process().isAlive()) {
        first.close();
      }
      venue.destroy();
      venue.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
