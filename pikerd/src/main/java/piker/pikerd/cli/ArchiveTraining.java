package piker.pikerd.cli;

import ch.qos.logback.classic.Level;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.pikerd.RegistryProtocol;
import piker.contracts.pikerd.ServicesProtocol;
import piker.pikerd.runtime.Logging;
import piker.pikerd.runtime.Systems;

/**
 * The training run behind bin/piker's class-data archive: the JVM that runs this dumps the classes it
 * loaded at exit, and every later client maps them already parsed and verified (docs/cli.md, "Start-up
 * archive"). It runs what every client command runs (the whole command line, logging, the client's
 * ActorSystem with Artery, resolving the registry and service manager, an ask, printing, stopping) against
 * a stand-in pikerd in this JVM: the training needs no running pikerd, and never sends anything to a real
 * one. Exit 0 only if the command succeeded, so the launcher keeps only a complete archive.
 */
public final class ArchiveTraining {
  private ArchiveTraining() {}

  public static void main(String[] args) throws IOException {
    System.exit(train());
  }

  /**
   * Runs the training commands in this JVM, their output discarded; 0 if the first succeeded. The client agent
   * warms itself up with it too (docs/cli.md, "The client agent").
   */
  public static int train() throws IOException {
    Logging.configure(Level.WARN, Optional.empty()); // before any ActorSystem (pekko-notes item 6)
    Path configDir = Files.createTempDirectory("piker-archive-training");
    ActorSystem<Void> standIn = ActorSystem.create(standInPikerd(), "piker",
        ConfigFactory.load(ConfigFactory.parseResources("client.conf")));
    int code;
    PrintStream stdout = System.out;
    try {
      Files.writeString(configDir.resolve("cookie"), "training");
      String registry = "127.0.0.1:" + standIn.address().getPort().get();
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      code = Piker.run("services", "-c", configDir.toString(), "--registry", registry);
      Piker.run("services", "--json", "-c", configDir.toString(), "--registry", registry);
      Piker.run("--help");
      Piker.run("order", "--help");
    } finally {
      System.setOut(stdout);
      Systems.terminate(standIn, Duration.ofSeconds(5));
      deleteTree(configDir);
    }
    return code;
  }

  /** Answers the one request the training makes; the registry is only resolved, never asked. */
  private static Behavior<Void> standInPikerd() {
    return Behaviors.setup(context -> {
      String address = context.getSystem().address().toString();
      context.spawn(Behaviors.<RegistryProtocol.Command>ignore(), RegistryProtocol.PATH.substring("/user/".length()));
      context.spawn(Behaviors.receiveMessage((ServicesProtocol.Command command) -> {
        if (command instanceof ServicesProtocol.ListServices list) {
          list.replyTo().tell(new ServicesProtocol.Listing(List.of(
              new ServicesProtocol.ServiceInfo("pikerd", "pikerd", address, Instant.now(), 0)), null));
        }
        return Behaviors.same();
      }), ServicesProtocol.PATH.substring("/user/".length()));
      return Behaviors.empty();
    });
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
