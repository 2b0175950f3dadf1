package piker.contracts.pikerd;

import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
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

  /** How this node's daemons are doing (what `piker status` and the metrics server's /health show). */
  public record GetHealth(Hello hello, ActorRef<HealthReport> replyTo) implements Command, PikerSerializable {}

  /**
   * One node's health: {@code status} is {@code ok} while every daemon is up or starting, {@code failing}
   * while one is restarting or has failed (until it is asked for again); {@code error} when refused.
   */
  public record HealthReport(String node, String status, List<DaemonHealth> daemons, RemoteError error)
      implements PikerSerializable {
    public static final String OK = "ok";
    public static final String FAILING = "failing";

    public HealthReport {
      daemons = daemons == null ? List.of() : List.copyOf(daemons);
    }

    public boolean ok() {
      return error == null && OK.equals(status);
    }
  }

  /**
   * One daemon's state: {@code starting}, {@code up}, {@code restarting} (it failed and its supervisor
   * starts it again), {@code failed} (it gave up or refused; {@code error} says why). {@code since}: when it
   * entered that state.
   */
  public record DaemonHealth(String name, String kind, String state, int restarts, Instant since, String error)
      implements PikerSerializable {
    public static final String STARTING = "starting";
    public static final String UP = "up";
    public static final String RESTARTING = "restarting";
    public static final String FAILED = "failed";

    public boolean failing() {
      return RESTARTING.equals(state) || FAILED.equals(state);
    }
  }

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

  /**
   * One running daemon: {@code address} is its node, never an actor path. Each node's own pikerd is
   * listed as a daemon too, and only its entry carries the node's {@code roles} (empty: every role) and
   * {@code status} ({@code up}, {@code unreachable}, {@code joining}, {@code leaving}, ...).
   */
  public record ServiceInfo(String name, String kind, String address, Instant started, int restarts,
                            List<String> roles, String status) implements PikerSerializable {
    public ServiceInfo {
      roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** A daemon's entry: no roles, no status. */
    public ServiceInfo(String name, String kind, String address, Instant started, int restarts) {
      this(name, kind, address, started, restarts, List.of(), null);
    }
  }

  // --- joining a cluster ---

  /**
   * A node that wants to join asks the node it joins through: same cookie, same protocol version? It joins
   * the cluster only when admitted ({@link JoinVerdict} without error).
   */
  public record CheckJoin(Hello hello, ActorRef<JoinVerdict> replyTo) implements Command, PikerSerializable {}

  /** {@code error} is null when the node may join. */
  public record JoinVerdict(RemoteError error) implements PikerSerializable {}

  // --- the placement's orders to one node, through the node's inbox ---

  /**
   * What a node's inbox takes: an actor registered in the cluster's Receptionist under {@link #NODES}, never
   * listed to clients. Each order carries the cluster's cookie and is obeyed only when its {@code replyTo} is on
   * a cluster member, so no answer ever goes to a client. Sent to the public {@link #PATH} they are not even
   * understood.
   */
  public interface NodeCommand {}

  /** Every node's inbox registers under this key. */
  public static final ServiceKey<NodeCommand> NODES = ServiceKey.create(NodeCommand.class, "piker-nodes");

  /** Find-or-spawn {@code name} here, on this node; answered as {@link MaybeSpawn} is. */
  public record SpawnHere(Hello hello, ServiceName name, ActorRef<SpawnReply> replyTo)
      implements NodeCommand, PikerSerializable {}

  /** Stop a daemon that runs on this node; answered as {@link CancelService} is. */
  public record CancelHere(Hello hello, ServiceName name, String requestedBy, ActorRef<SpawnReply> replyTo)
      implements NodeCommand, PikerSerializable {}

  /** What this node runs: its pikerd, its daemons with their refs, and whether it holds emsd's journal. */
  public record ListNode(Hello hello, ActorRef<NodeInventory> replyTo) implements NodeCommand, PikerSerializable {}

  /** One node's answer to {@link ListNode}. */
  public record NodeInventory(ServiceInfo node, List<RunningDaemon> daemons, boolean holdsJournal)
      implements PikerSerializable {
    public NodeInventory {
      daemons = daemons == null ? List.of() : List.copyOf(daemons);
    }
  }

  /** A daemon of a node's inventory; {@code ref} is null while it starts (then {@code info.started} is too). */
  public record RunningDaemon(ServiceInfo info, ServiceName name, ActorRef<DaemonProtocol.Command> ref)
      implements PikerSerializable {}

  public record Listing(List<ServiceInfo> services, RemoteError error) implements PikerSerializable {
    public Listing {
      services = services == null ? List.of() : List.copyOf(services);
    }
  }
}
