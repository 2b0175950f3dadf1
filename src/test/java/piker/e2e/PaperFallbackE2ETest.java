package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.CliResult;
import piker.e2e.support.Processes;
import piker.e2e.support.SimSession;

/**
 * A live account with no api key in brokers.toml (the template as created): its orders clear on
 * paper, the first status says why, and no brokerd stays behind.
 */
class PaperFallbackE2ETest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path configDir;
  private static SimSession sim;

  @BeforeAll
  static void startPikerd() throws Exception {
    sim = SimSession.start(configDir, SimSession.QUIET_WITH_LIVE_ACCOUNT);
  }

  @AfterAll
  static void stopPikerd() throws Exception {
    sim.close();
  }

  @Test
  void aLiveOrderWithoutAKeyFillsOnPaperSaysSoInItsFirstStatusAndLeavesNoBrokerd() throws Exception {
    assertTrue(Files.readString(configDir.resolve("brokers.toml")).contains("api_key = \"\""), "the template");
    CliResult result = sim.piker("order", "buy", "solusdt.spot.sim", "--size", "0.01", "--price", "150.001",
        "--account", "sim.main", "--json");
    assertEquals(0, result.exitCode(), result.toString());
    List<JsonNode> out = new ArrayList<>();
    for (String line : result.stdout().strip().split("\n")) {
      out.add(JSON.readTree(line));
    }
    assertEquals(List.of("pending", "open", "fill", "closed"), out.stream()
        .filter(node -> node.get("name").asText().equals("status")).map(node -> node.get("resp").asText()).toList());
    JsonNode first = out.get(0);
    assertEquals("sim.paper", first.get("account").asText(), "cleared on the broker's paper account");
    assertTrue(first.get("reason").asText().contains("no api key"), first.toString());
    assertEquals("position", out.get(out.size() - 1).get("name").asText(), result.stdout());
    assertTrue(Files.exists(configDir.resolve("accounting/ledgers/trades_sim_paper.toml")));
    assertFalse(Files.exists(configDir.resolve("accounting/ledgers/trades_sim_main.toml")),
        "the live ledger stays the venue's");
    Processes.awaitAssert(WAIT, () -> {
      assertFalse(sim.serviceKinds().contains("brokerd"), "no brokerd stays");
      return null;
    });
  }
}
