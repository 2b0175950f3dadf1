package piker.pikerd.bench;

import ch.qos.logback.classic.Level;
import java.lang.management.ManagementFactory;
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

  /**
   * The command line that runs {@code main} on this JVM's class path, with this JVM's collector and heap
   * options ({@code PIKER_GC}, {@code -Xmx}), so both ends of a run are measured under the same GC.
   */
  static List<String> command(Class<?> main, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(gcOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    command.addAll(jvmOptions);
    String extra = System.getProperty(OPTIONS_PROPERTY, "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /** The collector's and the heap's options among a JVM's {@code arguments}. */
  static List<String> gcOptions(List<String> arguments) {
    return arguments.stream().filter(option -> option.matches("-XX:\\+Use\\w+GC|-XX:[+-]ZGenerational|-Xm[sxn]\\w+"
        + "|-XX:MaxGCPauseMillis=\\d+")).toList();
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
