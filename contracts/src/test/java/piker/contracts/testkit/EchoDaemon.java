package piker.contracts.testkit;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.Payload;
import piker.contracts.daemon.DaemonBase;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Session;
import piker.contracts.daemon.SessionContext;
import piker.contracts.endpoints.Endpoint;

/**
 * A daemon for protocol tests. It serves {@link #SESSION} as an echo session and {@link #CALL} as an
 * echo call: the text {@code boom} makes either throw, {@code end} ends the session cleanly, and
 * {@code thread} is answered with the name of the thread that handled it.
 */
public final class EchoDaemon extends DaemonBase {
  public static final Endpoint SESSION = Endpoint.STREAM_QUOTES;
  public static final Endpoint CALL = Endpoint.GET_MKT_INFO;
  /** Exposed by the table but served by no handler. */
  public static final Endpoint UNSERVED = Endpoint.OPEN_SYMBOL_SEARCH;

  public static Behavior<DaemonProtocol.Command> create(DaemonSpec spec) {
    return DaemonLifetime.create(spec, ctx -> new EchoDaemon(ctx, spec));
  }

  private EchoDaemon(ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec) {
    super(ctx, spec, Set.of(SESSION, CALL, UNSERVED));
    serveSession(SESSION, EchoDaemon::echoSession);
    serveCall(CALL, request -> {
      if (request instanceof Payload.Text text && text.text().equals("boom")) {
        throw new IllegalStateException("boom requested");
      }
      return CompletableFuture.completedFuture(threadIfAsked(request));
    });
  }

  private static Payload threadIfAsked(Payload body) {
    return body instanceof Payload.Text text && text.text().equals("thread")
        ? new Payload.Text(Thread.currentThread().getName()) : body;
  }

  private static Behavior<Session.Input> echoSession(SessionContext session, Payload params) {
    if (params instanceof Payload.Text text && text.text().equals("refuse")) {
      throw new IllegalArgumentException("refused on request");
    }
    session.started(params);
    return Behaviors.receive(Session.Input.class)
        .onMessage(Session.Send.class, send -> {
          if (send.body() instanceof Payload.Text text && text.text().equals("boom")) {
            throw new IllegalStateException("boom requested");
          }
          if (send.body() instanceof Payload.Text text && text.text().equals("end")) {
            return session.end();
          }
          session.send(threadIfAsked(send.body()));
          return Behaviors.same();
        })
        .build();
  }
}
