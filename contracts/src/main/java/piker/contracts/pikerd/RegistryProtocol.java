package piker.contracts.pikerd;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.PikerSerializable;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;

/**
 * pikerd's registry, reachable by clients at the well-known path {@link #PATH} on the registry
 * address. It answers from the Receptionist: daemons appear once started and vanish when they stop.
 */
public final class RegistryProtocol {
  /** Actor path of the registry on every pikerd node. */
  public static final String PATH = "/user/registry";

  private RegistryProtocol() {}

  /** The registry's mailbox type; wire requests are the records below, internal messages stay local. */
  public interface Command {}

  /** Answers {@link Found} at once; its ref is null when no such daemon runs. */
  public record Find(Hello hello, String name, ActorRef<Reply> replyTo) implements Command, PikerSerializable {}

  /** Answers {@link Found} once the daemon is up, or {@link Failed} after {@code timeout}. */
  public record WaitFor(Hello hello, String name, Duration timeout, ActorRef<Reply> replyTo) implements Command, PikerSerializable {}

  /** Answers {@link Listing}. */
  public record ListDaemons(Hello hello, ActorRef<Reply> replyTo) implements Command, PikerSerializable {}

  public sealed interface Reply extends PikerSerializable {}

  public record Found(String name, ActorRef<DaemonProtocol.Command> ref) implements Reply {}

  public record Listing(List<Found> daemons) implements Reply {
    public Listing {
      daemons = daemons == null ? List.of() : List.copyOf(daemons);
    }
  }

  public record Failed(RemoteError error) implements Reply {}
}
