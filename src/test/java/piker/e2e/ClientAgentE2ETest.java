package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import piker.pikerd.cli.agent.ThinClient;

/**
 * bin/piker's client agent as a user gets it, on the build's own jars (docs/cli.md, "The client agent"): one-shot
 * commands run in the warm agent with the output and exit codes they have in a JVM of their own; what the agent
 * declines, and the socket a killed agent leaves, cost no command; a signal to the caller ends the command as it
 * would in its own JVM. The methods run in order and share one agent, which the last one ends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientAgentE2ETest {
  private static final Duration LIMIT = Duration.ofMinutes(2);
  /** The agent trains itself before it listens: a few CPU-seconds, on two cores shared with the suite. */
  private static final Duration AGENT_START = Duration.ofSeconds(120);

  @TempDir
  static Path configDir;
  @TempDir
  static Path agentDir;
  private static PikerdProcess pikerd;
  private static Map<String, String> env;

  @BeforeAll
  static void startPikerd() throws Exception {
    Processes.writeConf(configDir, "[sim]\nseed = 42\ntick_rate = 10\nvenue = \"\"\n");
    pikerd = Processes.startPikerdWith(Map.of("piker.datad.backfill.seconds", "0", "piker.datad.backfill.minutes",
        "0"), configDir, "127.0.0.1:0");
    // the agents of this test live in its own folder, leave the build's class-data archive alone, and would go
    // by themselves two minutes after the test if it could not stop them; untrained, they start in a second; the
    // user's other agents on this machine (other checkouts, sessions) do not keep them from starting
    env = Map.of("PIKER_AGENT_DIR", agentDir.toString(), "PIKER_ARCHIVE", "off",
        "PIKER_JAVA_OPTS", "-Dpiker.agent.idle-ms=120000 -Dpiker.agent.train=false", "PIKER_AGENT_MAX", "1000");
  }

  @AfterAll
  static void stop() throws Exception {
    for (long pid : agentPids()) {
      // only an agent: a pid in the log may be a gone agent's, reused since
      ProcessHandle.of(pid).filter(process -> process.info().commandLine().orElse("").contains("AgentServer"))
          .ifPresent(ProcessHandle::destroy);
    }
    pikerd.close();
  }

  @Test
  @Order(1)
  void oneShotCommandsRunOnTheWarmAgentWithTheOutputAndExitCodesOfTheirOwnJvm() throws Exception {
    assertEquals(0, piker("services", "--registry", pikerd.address()).exitCode());
    awaitAgent();
    List<String> before = agentLog();

    CliResult listed = piker("services", "--registry", pikerd.address());
    CliResult badSize = piker("order", "buy", "btcusdt.spot.sim", "--size", "x", "--price", "1",
        "--registry", pikerd.address());
    String nobody = "127.0.0.1:" + Processes.freePort();
    CliResult noPikerd = piker("services", "--registry", nobody);

    assertEquals(List.of("services exit 0", "order exit 2", "services exit 3"), newCommands(before),
        "the agent ran all three; " + agentFiles());
    assertSame(withoutAgent("services", "--registry", pikerd.address()), listed, 0);
    assertTrue(listed.stdout().contains("pikerd "), listed.toString());
    assertSame(withoutAgent("order", "buy", "btcusdt.spot.sim", "--size", "x", "--price", "1",
        "--registry", pikerd.address()), badSize, 2);
    assertSame(withoutAgent("services", "--registry", nobody), noPikerd, 3);
  }

  @Test
  @Order(2)
  void whatTheAgentDeclinesTheThinClientRunsItself() throws Exception {
    piker("services", "--registry", pikerd.address());
    Path socket = awaitAgent();
    List<String> before = agentLog();

    // past the launcher's own check (OneShotTest holds its list): the agent declines, the thin client runs it
    Process thin = Processes.java(ThinClient.class, socket.toString(), "--version");
    String version = new String(thin.getInputStream().readAllBytes());
    assertTrue(thin.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(0, thin.exitValue());
    assertTrue(version.startsWith("piker "), version);

    assertEquals(List.of(), newCommands(before), "it did not run on the agent");

    // another environment is another agent's, unless the user's agents are at their cap: then none starts (a start
    // makes its lock before the command runs, and the lock stays until the new agent's socket is there)
    List<Path> agents = agentFileNames();
    Map<String, String> capped = new HashMap<>(env);
    capped.put("PIKER_AGENT_MAX", "1");
    CliResult ownJvm = Processes.pikerAsBuilt(capped, LIMIT, withConfigDir("services", "--registry", pikerd.address()));
    assertEquals(0, ownJvm.exitCode(), ownJvm.toString());
    assertEquals(agents, agentFileNames(), "no second agent past a cap of one");
  }

  private static List<Path> agentFileNames() throws IOException {
    try (Stream<Path> files = Files.list(agentDir)) {
      return files.map(Path::getFileName).sorted().toList();
    }
  }

  /** Last: it ends the agent. */
  @Test
  @Order(3)
  void anAgentEndsWithACallerSignalledAwayAndTheSocketItLeavesCostsNoCommand() throws Exception {
    piker("services", "--registry", pikerd.address());
    Path socket = awaitAgent();
    long agentPid = latestAgent();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // something that takes the connection and never answers: the command waits for pikerd on the agent
      // notices are shown at info (at the default level a command that succeeds prints nothing on stderr)
      Process waiting = Processes.startPikerAsBuilt(env, withConfigDir("services", "--registry",
          "127.0.0.1:" + silent.getLocalPort(), "--loglevel", "info"));
      BufferedReader stderr = new BufferedReader(new InputStreamReader(waiting.getErrorStream()));
      String notice = stderr.readLine(); // after 2 s, behind any log lines: the command runs, on the agent
      while (notice != null && !notice.contains("is slow to answer")) {
        notice = stderr.readLine();
      }
      assertTrue(notice != null && notice.contains("is slow to answer"), String.valueOf(notice));
      waiting.destroy(); // SIGTERM to the launcher's pid: the thin client's JVM
      assertTrue(waiting.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS));
      // the agent went as the command's own JVM would have, and took its socket with it
      Optional<ProcessHandle> agent = ProcessHandle.of(agentPid);
      if (agent.isPresent()) {
        agent.get().onExit().get(30, TimeUnit.SECONDS);
      }
      assertTrue(agentLog().stream().anyMatch(line -> line.endsWith(
          "services stopped: its caller went first; exiting, as the command's own JVM would have")), agentFiles());
      assertFalse(Files.exists(socket), agentFiles());
    }

    // what an agent killed outright leaves: its socket, nobody listening; the thin client runs the command
    // itself and removes it
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    assertTrue(Files.exists(socket));
    CliResult served = piker("services", "--registry", pikerd.address());
    assertEquals(0, served.exitCode(), served.toString());
    assertTrue(served.stdout().contains("pikerd "), served.toString());
    assertFalse(Files.exists(socket), "the dead agent's socket is gone; " + agentFiles());
  }

  private static CliResult piker(String... args) {
    return Processes.pikerAsBuilt(env, LIMIT, withConfigDir(args));
  }

  private static CliResult withoutAgent(String... args) {
    Map<String, String> off = new HashMap<>(env);
    off.put("PIKER_AGENT", "off");
    return Processes.pikerAsBuilt(off, LIMIT, withConfigDir(args));
  }

  private static String[] withConfigDir(String... args) {
    return Stream.concat(Stream.of(args), Stream.of("-c", configDir.toString())).toArray(String[]::new);
  }

  private static void assertSame(CliResult ownJvm, CliResult onAgent, int exitCode) {
    assertEquals(exitCode, ownJvm.exitCode(), ownJvm.toString());
    assertEquals(exitCode, onAgent.exitCode(), onAgent.toString());
    assertEquals(ownJvm.stdout(), onAgent.stdout());
    assertEquals(ownJvm.stderr(), onAgent.stderr());
  }

  /**
   * The socket of an agent that listens (this test's environment makes one agent at a time). Not probed by a
   * connection, which the agent would count as a client: an agent names itself in its log before its socket
   * takes its name, and listens from then on.
   */
  private static Path awaitAgent() throws Exception {
    return Processes.awaitAssert(AGENT_START, () -> {
      try (Stream<Path> files = Files.list(agentDir)) {
        Path socket = files.filter(file -> file.toString().endsWith(".sock")).findFirst().orElse(null);
        assertTrue(socket != null && !agentPids().isEmpty() && ProcessHandle.of(latestAgent()).isPresent(),
            "an agent listening in " + agentDir + agentFiles());
        return socket;
      }
    });
  }

  /** The commands an agent logged since {@code before}, as "WORD exit CODE". */
  private static List<String> newCommands(List<String> before) throws IOException {
    return agentLog().stream().skip(before.size()).filter(line -> line.contains(" exit "))
        .map(line -> line.replaceAll("^\\S+ (.*) in \\d+ ms$", "$1")).toList();
  }

  private static List<String> agentLog() throws IOException {
    try (Stream<Path> files = Files.list(agentDir)) {
      Path log = files.filter(file -> file.toString().endsWith(".sock.log")).findFirst().orElse(null);
      return log == null ? List.of() : Files.readAllLines(log);
    }
  }

  /** What the agents' folder holds, their logs whole: for a failure's message. */
  private static String agentFiles() throws IOException {
    StringBuilder files = new StringBuilder();
    try (Stream<Path> listed = Files.list(agentDir)) {
      for (Path file : listed.sorted().toList()) {
        files.append('\n').append(file.getFileName());
        if (file.toString().endsWith(".log")) {
          files.append(":\n").append(Files.readString(file));
        }
      }
    }
    return files.toString();
  }

  private static long latestAgent() throws IOException {
    List<Long> pids = agentPids();
    return pids.get(pids.size() - 1);
  }

  private static List<Long> agentPids() throws IOException {
    return agentLog().stream().filter(line -> line.contains(" listening, pid "))
        .map(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).toList();
  }
}
