package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.binance.fake.BinanceFake;
import piker.e2e.support.BinanceSession;
import piker.e2e.support.CliResult;
import piker.e2e.support.Ledgers;
import piker.e2e.support.RecordingCli;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;

/**
 * Nothing live is lost with Binance either: pikerd is killed with -9 while live orders rest at the fake, the
 * fake fills them meanwhile (one fully, one partly), and the restarted pikerd has the open order back with
 * its fill and every fill in the ledger exactly once, under Binance's trade ids.
 */
class BinanceRestartE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path configDir;

  private CliResult ok(PikerdProcess pikerd, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", configDir.toString(), "--registry", pikerd.address()));
    CliResult result = Processes.piker(Duration.ofSeconds(60), all.toArray(String[]::new));
    assertEquals(0, result.exitCode(), result.toString());
    return result;
  }

  /** The active live orders: oid → filled. */
  private Map<String, BigDecimal> active(PikerdProcess pikerd) throws Exception {
    Map<String, BigDecimal> filled = new TreeMap<>();
    RecordingCli.JSON.readTree(ok(pikerd, "orders", "--account", "binance.main", "--json").stdout())
        .forEach(status -> filled.put(status.get("oid").asText(), status.get("filled").decimalValue()));
    return filled;
  }

  private List<String> ledgerTradeIds() throws Exception {
    return Ledgers.tradeIds(configDir, "binance.main");
  }

  @Test
  void killedPikerdComesBackWithItsRestingOrdersAndCountsTheFillsMadeMeanwhileOnce() throws Exception {
    try (BinanceFake fake = BinanceFake.start(BinanceFake.Options.quick())) {
      Processes.writeConf(configDir, BinanceSession.conf(fake));
      BinanceSession.brokersToml(configDir, BinanceFake.DOCS_API_KEY, BinanceFake.DOCS_SECRET);
      PikerdProcess first = Processes.startPikerd(configDir, "127.0.0.1:0");
      try {
        // two orders in one command line each, side by side: both rest under the fake's ask
        List<String> base = List.of("order", "buy", "ethusdt.spot.binance", "--size", "0.01", "--account",
            "binance.main", "--json", "-c", configDir.toString(), "--registry", first.address());
        List<Process> orders = new ArrayList<>();
        for (String[] priceAndOid : new String[][] {{"2990", "live-1"}, {"2980", "live-2"}}) {
          List<String> args = new ArrayList<>(base);
          args.addAll(List.of("--price", priceAndOid[0], "--oid", priceAndOid[1]));
          orders.add(Processes.startPiker(args.toArray(String[]::new)));
        }
        for (Process order : orders) {
          String printed = new String(order.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          assertTrue(order.waitFor(60, TimeUnit.SECONDS));
          assertEquals(0, order.exitValue(), printed);
          assertTrue(printed.contains("\"resp\":\"open\"") && printed.contains("\"resting\":true"), printed);
        }
      } finally {
        first.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
      long full = fake.fill("ETHUSDT", "live-1", "0.01", null);
      long part = fake.fill("ETHUSDT", "live-2", "0.004", null);
      assertEquals(List.of(), ledgerTradeIds(), "nobody ledgered them yet");

      try (PikerdProcess second = Processes.startPikerd(configDir, "127.0.0.1:0")) {
        Processes.awaitAssert(WAIT, () -> {
          Map<String, BigDecimal> now = active(second);
          assertEquals(List.of("live-2"), List.copyOf(now.keySet()), now.toString());
          assertEquals(0, new BigDecimal("0.004").compareTo(now.get("live-2")), now.toString());
          return null;
        });
        assertEquals(List.of("ETHUSDT:" + full, "ETHUSDT:" + part), ledgerTradeIds(), "each fill made while down, once");
      }
    }
  }
}
