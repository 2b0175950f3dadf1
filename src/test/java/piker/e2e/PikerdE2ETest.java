package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import piker.e2e.support.SpawnClientMain;

/** One real pikerd for the class; the CLI and client JVMs talk to it over real remoting. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PikerdE2ETest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path configDir;
  private static PikerdProcess pikerd;

  @BeforeAll
  static void startPikerd() throws Exception {
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

  @Test
  @Order(1)
  void theReadyLineShowsTheBoundPortAndTheConfigDirIsSetUp() throws Exception {
    assertNotEquals(0, pikerd.port());
    assertTrue(pikerd.address().startsWith("127.0.0.1:"), pikerd.address());
    for (String file : new String[] {"conf.toml", "brokers.toml", "cookie", "logs/pikerd.log"}) {
      assertTrue(Files.exists(configDir.resolve(file)), file + " exists");
    }
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(configDir.resolve("cookie"))));
  }

  @Test
  @Order(2)
  void aFreshPikerdRunsNoDaemonButItself() throws Exception {
    CliResult result = piker("services", "--json");
    assertEquals(0, result.exitCode(), result.toString());
    JsonNode services = JSON.readTree(result.stdout());
    assertEquals(1, services.size(), result.stdout());
    JsonNode self = services.get(0);
    assertEquals("pikerd", self.get("name").asText());
    assertEquals("pikerd", self.get("kind").asText());
    assertEquals("pekko://piker@" + pikerd.address(), self.get("address").asText());
    assertTrue(self.get("started").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), self.toString());
    assertEquals(List.of(), result.stderrLines(), "nothing but results on stdout, nothing on stderr (but a notice"
        + " that pikerd is slow to answer, on a crowded machine)");
  }

  @Test
  @Order(3)
  void severalClientJvmsAskingAtOnceGetOneDaemon() throws Exception {
    List<Process> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clients.add(Processes.java(SpawnClientMain.class, pikerd.address(), configDir.toString(), "samplerd"));
    }
    Set<String> refs = new HashSet<>();
    for (Process client : clients) {
      try (BufferedReader out = Processes.stdout(client)) {
        String line = out.readLine();
        assertTrue(client.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, client.exitValue());
        assertTrue(line != null && line.startsWith("spawned "), String.valueOf(line));
        refs.add(line);
      }
    }
    assertEquals(1, refs.size(), "every client got the same daemon: " + refs);
    JsonNode services = JSON.readTree(piker("services", "--json").stdout());
    List<String> names = new ArrayList<>();
    services.forEach(service -> names.add(service.get("name").asText()));
    assertEquals(List.of("pikerd", "samplerd"), names);
  }

  @Test
  @Order(4)
  void servicesAsATable() {
    CliResult result = piker("services");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.stdout().lines().anyMatch(line -> line.startsWith("samplerd ")), result.stdout());
  }

  /**
   * pikerd starts its embedded venue when the sim backend is first used (cli.md): a push can be that use, even
   * past the address a killed pikerd left announced.
   */
  @Test
  @Order(5)
  void aPushIntoAPikerdThatHasNotUsedSimStartsItsVenuePastAStaleAddress() throws Exception {
    Path announced = configDir.resolve("sim-venue").resolve("venue.address");
    Files.createDirectories(announced.getParent());
    Files.writeString(announced, "127.0.0.1:" + Processes.freePort() + "\n"); // nothing listens there
    CliResult push = piker("sim", "push", "btcusdt.spot.sim", "trade", "60000.5");
    assertEquals(0, push.exitCode(), push.toString());
    assertTrue(push.stdout().matches("btcusdt\\.spot\\.sim trade 60000\\.5x1 at \\S+\\n"), push.toString());
    assertEquals(List.of(), push.stderrLines(), push.toString());
    JsonNode services = JSON.readTree(piker("services", "--json").stdout());
    List<String> names = new ArrayList<>();
    services.forEach(service -> names.add(service.get("name").asText()));
    assertTrue(names.contains("datad.sim"), names.toString());
  }

  @Test
  void backendsListsTheEndpointTableOfEveryInstalledBackend() throws Exception {
    CliResult result = Processes.piker(CLI_TIMEOUT, "backends", "--json");
    assertEquals(0, result.exitCode(), result.toString());
    JsonNode probe = null;
    for (JsonNode backend : JSON.readTree(result.stdout())) {
      if (backend.get("name").asText().equals("probe")) {
        probe = backend;
      }
    }
    assertTrue(probe != null, result.stdout());
    assertEquals("[\"get_mkt_info\",\"read_bars\",\"stream_quotes\"]",
        probe.get("endpoints").get("datad").toString());
    assertEquals("[]", probe.get("endpoints").get("brokerd").toString());
  }

  @Test
  void aSecondPikerdOnTheSameConfigDirExits3() {
    long start = System.nanoTime();
    CliResult result = Processes.piker(CLI_TIMEOUT, "pikerd", "-c", configDir.toString(), "--registry", "127.0.0.1:0");
    assertEquals(3, result.exitCode(), result.toString());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    assertTrue(result.stderr().contains("already owns the config dir"), result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void aSecondPikerdOnATakenAddressExits3(@TempDir Path otherDir) {
    long start = System.nanoTime();
    CliResult result = Processes.piker(CLI_TIMEOUT, "pikerd", "-c", otherDir.toString(), "--registry",
        pikerd.address());
    assertEquals(3, result.exitCode(), result.toString());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    assertTrue(result.stderr().contains("address is in use"), result.stderr());
    assertTrue(!result.stderr().contains("\tat "), "no stack trace without --loglevel debug: " + result.stderr());
  }

  @Test
  void aClientWithoutThisPikerdsCookieIsRefused(@TempDir Path otherDir) throws Exception {
    Files.writeString(otherDir.resolve("cookie"), "not-the-cookie\n");
    CliResult result = Processes.piker(CLI_TIMEOUT, "services", "-c", otherDir.toString(), "--registry",
        pikerd.address());
    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("Unauthorized"), result.stderr());
  }

  @Test
  void clientCommandsExit3WhenNoPikerdAnswers() throws Exception {
    CliResult result = Processes.piker(Map.of("PIKER_CONNECT_TIMEOUT", "2s"), CLI_TIMEOUT, "services", "-c",
        configDir.toString(), "--registry", "127.0.0.1:" + Processes.freePort());
    assertEquals(3, result.exitCode(), result.toString());
    assertEquals(1, result.stderrLines().size(), result.stderr());
    assertTrue(result.stderr().contains("no pikerd answers") && result.stderr().contains("piker pikerd"),
        result.stderr());
  }

  @Test
  void aMalformedRegistryExits2WithOneLineNamingIt() {
    for (String bad : new String[] {"nonsense", "127.0.0.1:99999", "127.0.0.1:0"}) {
      CliResult result = Processes.piker(CLI_TIMEOUT, "services", "--registry", bad);
      assertEquals(2, result.exitCode(), result.toString());
      assertEquals(1, result.stderrLines().size(), result.stderr());
      assertTrue(result.stderr().contains(bad), result.stderr());
    }
  }
}
