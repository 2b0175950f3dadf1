package piker.contracts.daemon;

import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import piker.contracts.RemoteError;

/**
 * The lifetime fixture every daemon runs in: set up the daemon's own state, register it (unless it
 * must stay hidden), then report Started; a set-up that throws reports StartFailed and rethrows so
 * the supervisor can restart it with backoff.
 */
public final class DaemonLifetime {
  private DaemonLifetime() {}

  public static Behavior<DaemonProtocol.Command> create(
      DaemonSpec spec, Function<ActorContext<DaemonProtocol.Command>, Behavior<DaemonProtocol.Command>> fixture) {
    return Behaviors.setup(ctx -> {
      Behavior<DaemonProtocol.Command> running;
      try {
        running = fixture.apply(ctx);
      } catch (RuntimeException e) {
        spec.reportTo().tell(new DaemonLifecycle.StartFailed(spec.name(), RemoteError.of(e, ctx.getSelf().path().toString())));
        throw e;
      }
      if (spec.discoverable()) {
        ctx.getSystem().receptionist().tell(Receptionist.register(DaemonKeys.ALL, ctx.getSelf()));
      }
      spec.reportTo().tell(new DaemonLifecycle.Started(spec.name(), ctx.getSelf()));
      return running;
    });
  }
}
