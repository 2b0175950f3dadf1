package piker.datad;

import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.LocalOnly;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.samplerd.SamplerProtocol;

/**
 * datad's session with samplerd: forwards every step to datad. When the session ends (samplerd
 * restarted, say) it fails, and its supervisor opens a new one after a backoff.
 */
final class SamplerLink {
  private SamplerLink() {}

  /** A step, handed to datad. */
  record Sampled(SamplerProtocol.Step step) implements DaemonProtocol.Command, LocalOnly {}

  static Behavior<Object> create(ActorRef<DaemonProtocol.Command> samplerd, Hello hello,
                                 ActorRef<DaemonProtocol.Command> datad) {
    return Behaviors.setup(ctx -> {
      ActorRef<Session.Event> self = ctx.getSelf().narrow();
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
          .build();
    });
  }
}
