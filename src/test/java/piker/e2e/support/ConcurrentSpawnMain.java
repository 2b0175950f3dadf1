package piker.e2e.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.names.ServiceName;
import piker.pikerd.client.PikerClient;
import piker.pikerd.runtime.RegistryAddress;

/**
 * A client JVM that sends N find-or-spawn requests for one daemon at once, all in flight together, and prints
 * the ref each one got, one line per request.
 */
public final class ConcurrentSpawnMain {
  public static void main(String[] args) {
    RegistryAddress registry = RegistryAddress.parse(args[0]);
    Path configDir = Path.of(args[1]);
    ServiceName name = ServiceName.parse(args[2]);
    int count = Integer.parseInt(args[3]);
    try (PikerClient client = PikerClient.connect(configDir, registry, "WARNING", Duration.ofSeconds(30))) {
      List<CompletableFuture<ActorRef<DaemonProtocol.Command>>> asks = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        asks.add(client.maybeSpawnAsync(name));
      }
      for (CompletableFuture<ActorRef<DaemonProtocol.Command>> ask : asks) {
        System.out.println("spawned " + ask.join().path());
      }
      System.out.flush();
    }
    System.exit(0);
  }
}
