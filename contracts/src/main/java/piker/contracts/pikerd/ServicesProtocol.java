package piker.contracts.pikerd;

import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.LocalOnly;
import piker.contracts.PikerSerializable;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.names.ServiceName;

/**
 * pikerd's service manager, at the well-known path {@link #PATH}: find-or-spawn (atomic per name),
 * list, cancel. Clients may ask for samplerd, datad and emsd; paperboi and brokerd are emsd's alone.
 */
public final class ServicesProtocol {
  public static final String PATH = "/user/services";

  private ServicesProtocol() {}

  /** The service manager's mailbox type; wire requests are the records below, internal messages stay local. */
  public interface Command {}

  /** Finds the daemon or starts it; every concurrent request for one name gets the same ref. */
  public record MaybeSpawn(Hello hello, ServiceName name, ActorRef<SpawnReply> replyTo) implements Command, PikerSerializable {}

  public record ListServices(Hello hello, ActorRef<Listing> replyTo) implements Command, PikerSerializable {}

  /** Stops a daemon; its sessions end with an error naming the canceller. */
  public record CancelService(Hello hello, ServiceName name, String requestedBy, ActorRef<SpawnReply> replyTo)
      implements Command, PikerSerializable {}

  /**
   * A daemon's own request (emsd's for paperboi and brokerd, any daemon's for the datad it needs):
   * local only, so no client can send it.
   */
  public record SpawnInternal(ServiceName name, ActorRef<SpawnReply> replyTo) implements Command, LocalOnly {}

  public sealed interface SpawnReply extends PikerSerializable {}

  public record Spawned(ServiceName name, ActorRef<DaemonProtocol.Command> ref) implements SpawnReply {}

  public record Cancelled(ServiceName name) implements SpawnReply {}

  public record SpawnFailed(ServiceName name, RemoteError error) implements SpawnReply {}

  /** One running daemon: {@code address} is its node, never an actor path. */
  public record ServiceInfo(String name, String kind, String address, Instant started, int restarts)
      implements PikerSerializable {}

  public record Listing(List<ServiceInfo> services, RemoteError error) implements PikerSerializable {
    public Listing {
      services = services == null ? List.of() : List.copyOf(services);
    }
  }
}
