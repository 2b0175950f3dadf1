package piker.pikerd.bench;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.DaemonBase;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.orders.VenueOrderStatus;

/**
 * The dark benchmark's clearing daemon in paperboi's place: it serves emsd's paper dialog, hands every order
 * to {@code arrived} the moment it arrives (where the benchmark's clock stops) and rests it, as paperboi
 * answers an order its market does not match: an ack and a resting open status.
 */
final class StubClearing extends DaemonBase {
  static Behavior<DaemonProtocol.Command> create(DaemonSpec spec, Consumer<ClearingProtocol.SubmitOrder> arrived) {
    return DaemonLifetime.create(spec, ctx -> new StubClearing(ctx, spec, arrived));
  }

  private StubClearing(ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec,
                       Consumer<ClearingProtocol.SubmitOrder> arrived) {
    super(ctx, spec, Set.of(Endpoint.OPEN_PAPER_DIALOG));
    serveSession(Endpoint.OPEN_PAPER_DIALOG, (session, params) -> {
      session.started(new ClearingProtocol.DialogStarted(List.of(), List.of()));
      return Behaviors.receive(Session.Input.class)
          .onMessage(Session.Send.class, send -> {
            if (send.body() instanceof ClearingProtocol.SubmitOrder order) {
              arrived.accept(order);
              String reqid = "stub-" + order.oid();
              session.send(new ClearingProtocol.Events(List.of(new ClearingProtocol.Ack(order.oid(), reqid),
                  new ClearingProtocol.OrderStatus(order.oid(), reqid, order.account(), VenueOrderStatus.OPEN,
                      BigDecimal.ZERO, order.size(), true, null))));
            }
            return Behaviors.same();
          })
          .onAnyMessage(other -> Behaviors.same())
          .build();
    });
  }
}
