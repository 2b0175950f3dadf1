package piker.e2e.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One pikerd on a quiet embedded sim venue with the live account {@code sim.main}, shared by a test
 * class, and the CLI pointed at it.
 */
public final class SimSession implements AutoCloseable {
  public static final String QUIET_WITH_LIVE_ACCOUNT = """
      [sim]
      seed = 42
      tick_rate = 0
      venue = ""
      [sim.accounts]
      main = "SIM-001"
      """;
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path configDir;
  private final PikerdProcess pikerd;

  private SimSession(Path configDir, PikerdProcess pikerd) {
    this.configDir = configDir;
    this.pikerd = pikerd;
  }

  public static SimSession start(Path configDir, String conf) throws Exception {
    Processes.writeConf(configDir, conf);
    return new SimSession(configDir, Processes.startPikerd(configDir, "127.0.0.1:0"));
  }

  public Path configDir() {
    return configDir;
  }

  public PikerdProcess pikerd() {
    return pikerd;
  }

  /** The arguments that point a command at this session: {@code -c DIR --registry ADDR}. */
  public List<String> target() {
    return List.of("-c", configDir.toString(), "--registry", pikerd.address());
  }

  public CliResult piker(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(target());
    return Processes.piker(CLI_TIMEOUT, all.toArray(String[]::new));
  }

  /** The kinds {@code piker services} lists, one per daemon. */
  public List<String> serviceKinds() throws Exception {
    CliResult result = piker("services", "--json");
    if (result.exitCode() != 0) {
      throw new AssertionError("piker services failed: " + result);
    }
    List<String> kinds = new ArrayList<>();
    JSON.readTree(result.stdout()).forEach(service -> kinds.add(service.get("kind").asText()));
    return kinds;
  }

  @Override
  public void close() throws Exception {
    pikerd.close();
  }
}
