package piker.datad;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.LocalOnly;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.samplerd.SamplerProtocol;

/**
 * datad's session with samplerd: forwards every step to datad. When the session ends or samplerd goes
 * (restarted, or lost with its cluster node) it fails, and its supervisor opens a new one after a backoff,
 * with samplerd found afresh through the service manager: it may run elsewhere now.
 */
final class SamplerLink {
  private static final Duration FIND_TIMEOUT = Duration.ofSeconds(30);

  private SamplerLink() {}

  /** A step, handed to datad. */
  record Sampled(SamplerProtocol.Step step) implements DaemonProtocol.Command, LocalOnly {}

  private record Found(ServicesProtocol.SpawnReply reply, Throwable error) implements LocalOnly {}

  /**
   * @param samplerd the samplerd datad started with; used as is when there is no service manager to ask
   * @param services where samplerd is found (again) each time the link opens
   */
  static Behavior<Object> create(ActorRef<DaemonProtocol.Command> samplerd,
                                 Optional<ActorRef<ServicesProtocol.Command>> services, Hello hello,
                                 ActorRef<DaemonProtocol.Command> datad) {
    return Behaviors.setup(ctx -> {
      if (services.isEmpty()) {
        return linked(ctx, samplerd, hello, datad);
      }
      ctx.ask(ServicesProtocol.SpawnReply.class, services.get(), FIND_TIMEOUT,
          replyTo -> new ServicesProtocol.SpawnInternal(ServiceName.of(DaemonKind.SAMPLERD), replyTo), Found::new);
      return Behaviors.receive(Object.class)
          .onMessage(Found.class, found -> {
            if (found.reply() instanceof ServicesProtocol.Spawned spawned) {
              return linked(ctx, spawned.ref(), hello, datad);
            }
            throw new IllegalStateException("samplerd cannot be found: "
                + (found.error() != null ? found.error() : found.reply()));
          })
          .build();
    });
  }

  private static Behavior<Object> linked(ActorContext<Object> ctx, ActorRef<DaemonProtocol.Command> samplerd,
                                         Hello hello, ActorRef<DaemonProtocol.Command> datad) {
    ActorRef<Session.Event> self = ctx.getSelf().narrow();
    ctx.watch(samplerd);
    samplerd.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(),
        Endpoint.OPEN_SAMPLE_STREAM.wireName(), hello, new SamplerProtocol.Subscribe(SamplerProtocol.PERIODS), self));
    return Behaviors.receive(Object.class)
        .onMessage(Session.Started.class, started -> Behaviors.same())
        .onMessage(Session.Message.class, message -> {
          if (message.body() instanceof SamplerProtocol.Step step) {
            datad.tell(new Sampled(step));
          }
          return Behaviors.same();
        })
        .onMessage(Session.Ended.class, ended -> {
          throw new IllegalStateException("samplerd's session ended: " + ended.error());
        })
        .onMessage(Session.Refused.class, refused -> {
          throw new IllegalStateException("samplerd refused datad: " + refused.error());
        })
        .onSignal(Terminated.class, gone -> {
          throw new IllegalStateException("samplerd stopped");
        })
        .build();
  }
}
