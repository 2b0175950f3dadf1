package piker.pikerd.cli;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import piker.pikerd.client.PikerClient;
import piker.pikerd.runtime.Logging;

/** A command that talks to a running pikerd: logging to stderr at warn, then connect, run, close. */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  final Json json = new Json();

  @Override
  public final Integer call() {
    validate();
    Level level = global.logLevel(Level.WARN);
    Logging.configure(level, Optional.empty());
    try (PikerClient client = PikerClient.connect(global.configDir(), global.registry(false),
        Logging.pekkoLevel(level), connectTimeout())) {
      return run(client);
    } finally {
      Logging.stop();
    }
  }

  /** How long to look for pikerd: $PIKER_CONNECT_TIMEOUT (a DURATION), else 2 s. */
  static java.time.Duration connectTimeout() {
    String env = System.getenv("PIKER_CONNECT_TIMEOUT");
    if (env == null || env.isBlank()) {
      return PikerClient.DEFAULT_CONNECT_TIMEOUT;
    }
    try {
      return Durations.parse(env);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("$PIKER_CONNECT_TIMEOUT: " + e.getMessage());
    }
  }

  /** Checks what can be checked offline; throws {@link BadInputException} before anything is sent. */
  void validate() {}

  abstract int run(PikerClient client);

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
