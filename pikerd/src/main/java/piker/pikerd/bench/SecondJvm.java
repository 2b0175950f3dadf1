package piker.pikerd.bench;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.pikerd.runtime.Logging;

/** The second JVM of a {@code --remote} benchmark: started like a piker client and set up like one. */
final class SecondJvm {
  private SecondJvm() {}

  /** Extra options for the second JVM, space-separated (e.g. a JFR recording, to profile the subscribers). */
  static final String OPTIONS_PROPERTY = "piker.bench.second-jvm-options";

  /** The command line that runs {@code main} on this JVM's class path. */
  static List<String> command(Class<?> main, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    String extra = System.getProperty(OPTIONS_PROPERTY, "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * The second JVM's ActorSystem. Logging is set up first, so nothing logs before SLF4J is ready (no
   * "replayed" notices), and only warnings reach the benchmark's stderr.
   */
  static ActorSystem<Void> system(String name) {
    Logging.configure(Level.WARN, Optional.empty());
    return ActorSystem.create(Behaviors.empty(), name, FeedBench.config(true));
  }
}
