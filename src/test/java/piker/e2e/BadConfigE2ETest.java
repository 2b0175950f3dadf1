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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.CliResult;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;

/**
 * conf.toml broken while pikerd runs: the command that needs it fails naming the file and line, pikerd
 * keeps serving (its daemons keep running, nothing goes to dead letters), and the fixed file works at
 * the next request. A typo at start makes pikerd refuse to start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadConfigE2ETest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GOOD = "[sim]\nseed = 42\ntick_rate = 0\nvenue = \"\"\n";

  @TempDir
  static Path configDir;
  private static PikerdProcess pikerd;

  @BeforeAll
  static void startPikerd() throws Exception {
    Processes.writeConf(configDir, GOOD);
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

  private static Set<String> services() throws Exception {
    CliResult result = piker("services", "--json");
    assertEquals(0, result.exitCode(), result.toString());
    Set<String> names = new TreeSet<>();
    for (JsonNode service : JSON.readTree(result.stdout())) {
      names.add(service.get("name").asText());
    }
    return names;
  }

  @Test
  @Order(1)
  void aBadFileFailsTheSpawnThatNeedsItAndPikerdKeepsServingUntilItIsFixed() throws Exception {
    assertEquals(0, piker("search", "btcusdt", "--broker", "sim").exitCode(), "datad.sim runs before the file breaks");
    Path conf = configDir.resolve("conf.toml");

    Files.writeString(conf, GOOD.substring(0, GOOD.indexOf("tick_rate =") + "tick_rate =".length()));
    CliResult truncated = piker("orders");
    assertEquals(1, truncated.exitCode(), truncated.toString());
    assertEquals(1, truncated.stderrLines().size(), truncated.toString());
    assertTrue(truncated.stderr().contains(conf + " line 3, column 12: not valid TOML (premature end of file)"),
        truncated.toString());
    assertFalse(truncated.stderr().contains("[Source:"), truncated.toString());

    Files.writeString(conf, GOOD + "[risk]\nmax_ordr_size = 1\n");
    CliResult typo = piker("orders");
    assertEquals(1, typo.exitCode(), typo.toString());
    assertTrue(typo.stderr().contains("cannot start emsd: " + conf
        + " line 6: unknown key [risk] max_ordr_size; did you mean max_order_size?"), typo.toString());

    assertEquals(Set.of("pikerd", "samplerd", "datad.sim"), services(), "pikerd and its daemons kept running");

    Files.writeString(conf, GOOD + "[risk]\nmax_order_size = 1\n");
    CliResult fixed = piker("orders", "--json");
    assertEquals(0, fixed.exitCode(), fixed.toString());
    assertEquals("[]", fixed.stdout().strip());
    assertTrue(services().containsAll(Set.of("pikerd", "samplerd", "datad.sim", "emsd")));
  }

  @Test
  @Order(2)
  void aCommandThatReadsTheFileItselfExits2NamingTheLine() throws Exception {
    Path conf = configDir.resolve("conf.toml");
    Files.writeString(conf, GOOD + "[sim.accounts]\nmain = 42\n");
    CliResult account = piker("positions", "--account", "sim.main");
    assertEquals(2, account.exitCode(), account.toString());
    assertEquals(List.of("positions: " + conf + " line 6: [sim.accounts] main must be the venue's account id, as "
        + "text in quotes, not the number 42"), account.stderrLines());
    Files.writeString(conf, GOOD);
  }

  @Test
  @Order(3)
  void pikerdStopsCleanlyAndNoDaemonLostMessages() throws Exception {
    assertEquals(0, pikerd.terminate(Duration.ofSeconds(20)), pikerd.stderr());
    // the service manager's death stopped datad abruptly: its bar store's flush went to dead letters
    List<String> lost = Files.readAllLines(configDir.resolve("logs").resolve("pikerd.log")).stream()
        .filter(line -> line.contains("dead letters") && line.contains("bar-store")).toList();
    assertEquals(List.of(), lost);
  }

  @Test
  @Order(4)
  void pikerdRefusesToStartOnAnUnknownKeyNamingTheLineAndTheKeyMeant(@TempDir Path other) throws Exception {
    Processes.writeConf(other, GOOD + "[risk]\nmax_ordr_size = 1\n");
    CliResult refused = Processes.piker(CLI_TIMEOUT, "pikerd", "-c", other.toString(), "--registry", "127.0.0.1:0");
    assertEquals(2, refused.exitCode(), refused.toString());
    assertEquals("", refused.stdout());
    assertEquals(List.of("pikerd: " + other.resolve("conf.toml")
        + " line 6: unknown key [risk] max_ordr_size; did you mean max_order_size?"), refused.stderrLines());
    assertFalse(Files.exists(other.resolve("pikerd.lock")), "it stopped before taking the config dir");
  }
}
