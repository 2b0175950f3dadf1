package piker.pikerd.cli;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import piker.pikerd.client.PikerClient;
import piker.pikerd.runtime.Logging;
import piker.pikerd.runtime.StartupTrace;

/** A command that talks to a running pikerd: logging to stderr at warn, then connect, run, close. */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  final Json json = new Json();

  @Override
  public final Integer call() {
    StartupTrace.mark("command parsed");
    validate();
    Level level = global.logLevel(Level.WARN);
    Logging.configure(level, Optional.empty());
    StartupTrace.mark("logging configured");
    try (PikerClient client = PikerClient.connect(global.configDir(), global.registry(false),
        Logging.pekkoLevel(level), connectTimeout(), notices(spec, global))) {
      int code = run(client);
      StartupTrace.mark("command ran");
      return code;
    } finally {
      StartupTrace.mark("client closed");
      Logging.stop();
    }
  }

  /**
   * A client's notices (pikerd is slow to answer, a backend that did not answer, a file written): one line each
   * on stderr at {@code --loglevel info} or finer, none at the default level ({@link GlobalOptions#notices}).
   */
  static Consumer<String> notices(CommandSpec spec, GlobalOptions global) {
    if (!global.notices()) {
      return notice -> { };
    }
    return notice -> {
      PrintWriter err = spec.commandLine().getErr();
      err.println(spec.commandLine().getCommandName() + ": " + notice);
      err.flush();
    };
  }

  /**
   * How long to wait for a pikerd that listens but does not answer yet: $PIKER_CONNECT_TIMEOUT (a
   * DURATION), else 30 s. Nothing listening at the address fails at once whatever this says.
   */
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

  /** Where progress goes: stderr when notices are shown, nowhere otherwise. */
  PrintWriter progress() {
    return global.notices() ? spec.commandLine().getErr() : new PrintWriter(java.io.Writer.nullWriter());
  }

  /**
   * Prints one result line and flushes it; false once nobody reads stdout any more (`| head -3` has
   * exited), when a streaming command ends with exit 0 like other Unix tools.
   */
  boolean emit(String line) {
    out().println(line);
    return !out().checkError(); // flushes, then asks the stream beneath whether a write failed
  }
}
