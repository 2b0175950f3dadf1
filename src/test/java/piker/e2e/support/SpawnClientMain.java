package piker.e2e.support;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.names.ServiceName;
import piker.pikerd.client.PikerClient;
import piker.pikerd.runtime.RegistryAddress;

/** A client JVM that asks pikerd to find-or-spawn one daemon and prints the ref it got. */
public final class SpawnClientMain {
  public static void main(String[] args) {
    RegistryAddress registry = RegistryAddress.parse(args[0]);
    Path configDir = Path.of(args[1]);
    ServiceName name = ServiceName.parse(args[2]);
    try (PikerClient client = PikerClient.connect(configDir, registry, "WARNING", Duration.ofSeconds(10))) {
      ActorRef<DaemonProtocol.Command> ref = client.maybeSpawn(name);
      System.out.println("spawned " + ref.path());
      System.out.flush();
    }
    System.exit(0);
  }
}
