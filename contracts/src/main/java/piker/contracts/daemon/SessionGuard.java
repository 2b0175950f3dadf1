package piker.contracts.daemon;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;

/**
 * Wraps every session endpoint: handles cancels and the opener's death, and turns an exception in
 * the endpoint into the boxed error at the opener instead of a crash of anything else.
 */
final class SessionGuard extends BehaviorInterceptor<Session.Input, Session.Input> {

  /** The opener's JVM or actor is gone. */
  record OpenerGone() implements Session.Input, LocalOnly {}

  private final SessionContext session;

  SessionGuard(SessionContext session) {
    super(Session.Input.class);
    this.session = session;
  }

  @Override
  public Behavior<Session.Input> aroundStart(TypedActorContext<Session.Input> ctx,
                                            PreStartTarget<Session.Input> target) {
    ctx.asJava().watchWith(session.opener(), new OpenerGone());
    try {
      return target.start(ctx);
    } catch (RuntimeException e) {
      ctx.asJava().getLog().warn("session {} ({}) refused: {}", session.sessionId(), session.endpoint(), e.toString());
      return session.fail(RemoteError.of(e, ctx.asJava().getSelf().path().toString()));
    }
  }

  @Override
  public Behavior<Session.Input> aroundReceive(TypedActorContext<Session.Input> ctx, Session.Input msg,
                                              ReceiveTarget<Session.Input> target) {
    if (msg instanceof Session.Cancel cancel) {
      session.cancelled(String.valueOf(cancel.canceller()));
      return Behaviors.stopped();
    }
    if (msg instanceof OpenerGone) {
      ctx.asJava().getLog().info("session {} ({}): opener is gone, ending it", session.sessionId(), session.endpoint());
      session.openerGone();
      return Behaviors.stopped();
    }
    if (msg instanceof Session.Send send && send.body() == null) {
      ctx.asJava().getLog().warn("session {}: dropped a message without a body", session.sessionId());
      return Behaviors.same();
    }
    try {
      return target.apply(ctx, msg);
    } catch (RuntimeException e) {
      ctx.asJava().getLog().warn("session {} ({}) failed: {}", session.sessionId(), session.endpoint(), e.toString());
      return session.fail(RemoteError.of(e, ctx.asJava().getSelf().path().toString()));
    }
  }

  @Override
  public Behavior<Session.Input> aroundSignal(TypedActorContext<Session.Input> ctx, Signal signal,
                                             SignalTarget<Session.Input> target) {
    if (signal instanceof PostStop) {
      try {
        return target.apply(ctx, signal);
      } finally {
        if (!session.hasEnded()) {
          session.lost();
        }
      }
    }
    return target.apply(ctx, signal);
  }
}
