package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.CliResult;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;

/**
 * Real client JVMs against one pikerd: many at once on a small machine, a reader that goes away, and
 * what commands say when there is nothing to list, an unknown order to cancel or too little time.
 */
class CliClientsE2ETest {
  /** Generous per client: eight JVMs starting together on two cores take a while, and that is the point. */
  private static final Duration CLIENT_LIMIT = Duration.ofMinutes(3);

  @TempDir
  static Path configDir;
  private static PikerdProcess pikerd;
  private static String deadBinance;
  private static String deadKraken;

  @BeforeAll
  static void startPikerd() throws Exception {
    // binance and kraken point at ports nothing listens on: a search of every backend must still answer, at once
    deadBinance = "http://127.0.0.1:" + Processes.freePort();
    deadKraken = "http://127.0.0.1:" + Processes.freePort();
    Processes.writeConf(configDir, "[sim]\nseed = 42\ntick_rate = 10\nvenue = \"\"\n[binance]\nrest_url = \""
        + deadBinance + "\"\nstream_url = \"" + deadBinance.replace("http", "ws") + "\"\nws_api_url = \""
        + deadBinance.replace("http", "ws") + "\"\n[kraken]\nrest_url = \"" + deadKraken + "\"\nws_url = \""
        + deadKraken.replace("http", "ws") + "\"\nws_auth_url = \"" + deadKraken.replace("http", "ws") + "\"\n");
    // the clients are under test, not history: no backfill competing for the two cores
    pikerd = Processes.startPikerdWith(Map.of("piker.datad.backfill.seconds", "0", "piker.datad.backfill.minutes",
        "0"), configDir, "127.0.0.1:0");
  }

  @AfterAll
  static void stopPikerd() throws Exception {
    pikerd.close();
  }

  /**
   * Every one also searches binance and kraken, which cannot be reached: each prints sim's matches and, having
   * succeeded, nothing on stderr (cli.md); at {@code --loglevel info} the two are named there.
   */
  @Test
  void eightConcurrentClientsAllGetAnswersFromABusyPikerd() throws Exception {
    List<CompletableFuture<CliResult>> clients = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      clients.add(CompletableFuture.supplyAsync(() -> Processes.piker(CLIENT_LIMIT, "search", "btc",
          "-c", configDir.toString(), "--registry", pikerd.address())));
    }
    for (CompletableFuture<CliResult> client : clients) {
      CliResult result = client.get(CLIENT_LIMIT.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      assertEquals(0, result.exitCode(), result.toString());
      assertTrue(result.stdout().contains("btcusdt.spot.sim"), result.toString());
      assertEquals("", result.stderr(), result.toString());
    }
    CliResult told = Processes.piker(CLIENT_LIMIT, "search", "btc", "-c", configDir.toString(), "--registry",
        pikerd.address(), "--loglevel", "info");
    assertEquals(0, told.exitCode(), told.toString());
    List<String> lines = told.stderr().lines().toList();
    assertTrue(lines.contains("search: binance: cannot reach " + deadBinance + " (cannot connect, GET /api/v3/exchangeInfo)")
        && lines.contains("search: kraken: cannot reach " + deadKraken + " (cannot connect, GET /0/public/AssetPairs)"),
        told.toString());
  }

  @Test
  void nothingListeningExitsThreeWithoutWaitingForTheSlowLimit() throws Exception {
    Duration slowLimit = Duration.ofSeconds(60);
    long start = System.nanoTime();
    CliResult result = Processes.piker(Map.of("PIKER_CONNECT_TIMEOUT", slowLimit.toSeconds() + "s"), CLIENT_LIMIT,
        "services", "-c", configDir.toString(), "--registry", "127.0.0.1:" + Processes.freePort());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(3, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("no pikerd answers at 127.0.0.1:") && result.stderr().contains("nothing listens") && result.stderr().contains("piker pikerd"),
        result.toString());
    assertTrue(took.compareTo(slowLimit.dividedBy(2)) < 0, "took " + took + ", the slow limit is " + slowLimit);
  }

  /** The order step goes last: should emsd answer within 1 ms after all, its order rests at price 1. */
  @Test
  void commandsSayWhatHappenedInWords() {
    CliResult orders = piker("orders");
    assertEquals(0, orders.exitCode(), orders.toString());
    assertEquals("no active orders\n", orders.stdout(), "the empty table in words");
    assertEquals("", orders.stderr(), "a command that succeeds prints nothing on stderr");
    assertEquals("[]", piker("orders", "--json").stdout().strip());

    CliResult cancel = piker("cancel", "no-such-order");
    assertEquals(1, cancel.exitCode(), cancel.toString());
    assertTrue(cancel.stdout().matches("error +no-such-order reason=\"[^\"]*no-such-order[^\"]*\"\\n"),
        "the oid and the reason, no nulls: " + cancel);

    CliResult impatient = piker("order", "buy", "btcusdt.spot.sim", "--size", "0.001", "--price", "1",
        "--timeout", "1ms");
    assertEquals(1, impatient.exitCode(), impatient.toString());
    assertTrue(impatient.stderr().contains("1 ms") || impatient.stderr().contains("1ms"), impatient.toString());
    assertFalse(impatient.stderr().contains("Exception"), "no class names: " + impatient);
  }

  private static CliResult piker(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", configDir.toString(), "--registry", pikerd.address()));
    return Processes.piker(CLIENT_LIMIT, all.toArray(String[]::new));
  }

  @Test
  void quoteEndsWithExitZeroWhenItsReaderGoesAway() throws Exception {
    Process quote = Processes.startPiker("quote", "btcusdt.spot.sim", "-c", configDir.toString(),
        "--registry", pikerd.address());
    try {
      BufferedReader out = Processes.stdout(quote);
      List<String> lines = CompletableFuture.supplyAsync(() -> out.lines().limit(3).toList())
          .get(CLIENT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals(3, lines.size(), "three quotes before the reader goes");
      out.close(); // what `| head -3` does after its third line
      assertTrue(quote.waitFor(30, TimeUnit.SECONDS), "quote exited once nobody read its output");
      assertEquals(0, quote.exitValue());
    } finally {
      quote.destroyForcibly().waitFor();
    }
  }
}
