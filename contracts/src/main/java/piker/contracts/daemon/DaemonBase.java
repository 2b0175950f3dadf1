package piker.contracts.daemon;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.endpoints.Endpoint;

/**
 * What every daemon shares: cookie and version checks, endpoint dispatch ("endpoint not exposed" for
 * the rest), one child actor per session, and an orderly stop that cancels sessions naming the
 * canceller. Subclasses register their endpoints in their constructor and add their own messages in
 * {@link #receive}.
 */
public abstract class DaemonBase extends AbstractBehavior<DaemonProtocol.Command> {
  private static final int MAX_SESSION_ID = 128;
  private static final Duration STOP_GRACE = Duration.ofSeconds(3);

  private record SessionTerminated(ActorRef<Session.Input> session) implements DaemonProtocol.Command, LocalOnly {}

  private record StopDeadline() implements DaemonProtocol.Command, LocalOnly {}

  private record Flushed() implements DaemonProtocol.Command, LocalOnly {}

  /** How long a daemon may take to flush what it owns when it stops. */
  private static final Duration FLUSH_GRACE = Duration.ofSeconds(3);

  protected final DaemonSpec spec;
  private final Set<Endpoint> exposed;
  private final Map<Endpoint, CallEndpoint> calls = new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, SessionEndpoint> sessionEndpoints = new EnumMap<>(Endpoint.class);
  private final Map<ActorRef<Session.Input>, String> liveSessions = new HashMap<>();
  private final HelloGate gate;
  private long sessionSeq;
  private boolean stopping;

  protected DaemonBase(ActorContext<DaemonProtocol.Command> context, DaemonSpec spec, Set<Endpoint> exposed) {
    super(context);
    this.spec = spec;
    this.exposed = Set.copyOf(exposed);
    this.gate = new HelloGate(spec.settings());
  }

  protected final void serveCall(Endpoint endpoint, CallEndpoint handler) {
    requireExposed(endpoint);
    calls.put(endpoint, handler);
  }

  protected final void serveSession(Endpoint endpoint, SessionEndpoint handler) {
    requireExposed(endpoint);
    sessionEndpoints.put(endpoint, handler);
  }

  /** Subclasses add their own messages here. */
  protected ReceiveBuilder<DaemonProtocol.Command> receive(ReceiveBuilder<DaemonProtocol.Command> builder) {
    return builder;
  }

  /** A session of this daemon has ended, however it ended. */
  protected void onSessionEnded(ActorRef<Session.Input> session) {}

  /** Flush what the daemon owns before it stops; called once, after its sessions have ended. */
  protected void onStopping() {}

  /**
   * The asynchronous form of {@link #onStopping}, for daemons whose flushing involves other actors
   * (datad's feeds and bar store); the daemon stops when it completes or after a grace period.
   */
  protected CompletionStage<?> onStoppingAsync() {
    onStopping();
    return CompletableFuture.completedFuture(null);
  }

  /** Release what the daemon holds (connections, files); called when it stops or restarts, however. */
  protected void onTerminated() {}

  protected final String source() {
    return spec.sourceOf(getContext().getSelf());
  }

  @Override
  public final Receive<DaemonProtocol.Command> createReceive() {
    return receive(newReceiveBuilder()
        .onMessage(DaemonProtocol.OpenSession.class, this::onOpenSession)
        .onMessage(DaemonProtocol.Call.class, this::onCall)
        .onMessage(DaemonProtocol.Stop.class, this::onStop)
        .onMessage(SessionTerminated.class, this::onSessionTerminated)
        .onMessage(StopDeadline.class, deadline -> finishStop())
        .onMessage(Flushed.class, flushed -> Behaviors.stopped()))
        .onSignal(PostStop.class, signal -> terminated())
        .onSignal(PreRestart.class, signal -> {
          spec.reportTo().tell(new DaemonLifecycle.Restarting(spec.name()));
          return terminated();
        })
        .build();
  }

  private Behavior<DaemonProtocol.Command> onOpenSession(DaemonProtocol.OpenSession open) {
    if (open.opener() == null) {
      getContext().getLog().warn("dropped a session open without an opener");
      return this;
    }
    String sessionId = open.sessionId();
    if (sessionId == null || sessionId.isBlank() || sessionId.length() > MAX_SESSION_ID) {
      open.opener().tell(new Session.Refused(String.valueOf(sessionId),
          RemoteError.of("InvalidRequest", "a session id must be 1.." + MAX_SESSION_ID + " characters", source())));
      return this;
    }
    RemoteError refusal = admit(open.hello(), open.endpoint(), true);
    if (refusal == null && stopping) {
      refusal = RemoteError.of("DaemonStopping", spec.name() + " is stopping", source());
    }
    if (refusal != null) {
      open.opener().tell(new Session.Refused(sessionId, refusal));
      return this;
    }
    Endpoint endpoint = Endpoint.fromWireName(open.endpoint()).orElseThrow();
    SessionEndpoint handler = sessionEndpoints.get(endpoint);
    Payload params = open.params() == null ? new Payload.Empty() : open.params();
    String openerId = Session.identify(getContext().getSystem(), open.opener());
    String daemonName = spec.name().toString();
    Behavior<Session.Input> behavior = Behaviors.setup(ctx -> {
      SessionContext session = new SessionContext(sessionId, open.endpoint(), open.opener(), openerId,
          ctx.getSelf(), daemonName);
      return Behaviors.intercept(() -> new SessionGuard(session),
          Behaviors.setup(inner -> handler.open(session, params)));
    });
    ActorRef<Session.Input> child = getContext().spawn(behavior, "session-" + (++sessionSeq),
        DispatcherSelector.sameAsParent());
    getContext().watchWith(child, new SessionTerminated(child));
    liveSessions.put(child, sessionId);
    return this;
  }

  private Behavior<DaemonProtocol.Command> onCall(DaemonProtocol.Call call) {
    if (call.replyTo() == null) {
      getContext().getLog().warn("dropped a call without a reply address");
      return this;
    }
    RemoteError refusal = admit(call.hello(), call.endpoint(), false);
    if (refusal != null) {
      call.replyTo().tell(new DaemonProtocol.Failure(refusal));
      return this;
    }
    CallEndpoint handler = calls.get(Endpoint.fromWireName(call.endpoint()).orElseThrow());
    Payload request = call.request() == null ? new Payload.Empty() : call.request();
    CompletionStage<? extends Payload> result;
    try {
      result = handler.call(request);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    String source = source();
    result.whenComplete((reply, error) -> call.replyTo().tell(error == null
        ? new DaemonProtocol.Reply(reply)
        : new DaemonProtocol.Failure(RemoteError.of(error, source))));
    return this;
  }

  /** Null when the request may proceed; otherwise why not. */
  private RemoteError admit(Hello hello, String endpointName, boolean session) {
    RemoteError refused = gate.check(hello, source()).orElse(null);
    if (refused != null) {
      getContext().getLog().warn("refused a request to {}: {}", endpointName, refused.describe());
      return refused;
    }
    Endpoint endpoint = Endpoint.fromWireName(String.valueOf(endpointName)).orElse(null);
    boolean served = endpoint != null && exposed.contains(endpoint)
        && (session ? sessionEndpoints.containsKey(endpoint) : calls.containsKey(endpoint));
    if (!served) {
      return RemoteError.of("EndpointNotExposed", "endpoint '" + endpointName + "' is not exposed by " + spec.name()
          + " as a " + (session ? "session" : "call") + "; it serves: " + describeServed(), source());
    }
    return null;
  }

  private String describeServed() {
    String listed = exposed.stream().map(Endpoint::wireName).sorted().collect(Collectors.joining(", "));
    return listed.isEmpty() ? "nothing" : listed;
  }

  private Behavior<DaemonProtocol.Command> onStop(DaemonProtocol.Stop stop) {
    if (stopping) {
      return this;
    }
    stopping = true;
    getContext().getLog().info("{} stopping (requested by {})", spec.name(), stop.requestedBy());
    if (liveSessions.isEmpty()) {
      return finishStop();
    }
    liveSessions.keySet().forEach(session -> session.tell(new Session.Cancel(stop.requestedBy())));
    getContext().scheduleOnce(STOP_GRACE, getContext().getSelf(), new StopDeadline());
    return this;
  }

  private Behavior<DaemonProtocol.Command> onSessionTerminated(SessionTerminated terminated) {
    liveSessions.remove(terminated.session());
    onSessionEnded(terminated.session());
    return stopping && liveSessions.isEmpty() ? finishStop() : this;
  }

  private boolean flushing;

  private Behavior<DaemonProtocol.Command> finishStop() {
    if (flushing) {
      return this;
    }
    flushing = true;
    CompletionStage<?> flushed;
    try {
      flushed = onStoppingAsync();
    } catch (RuntimeException e) {
      getContext().getLog().error("{} failed to flush while stopping", spec.name(), e);
      return Behaviors.stopped();
    }
    getContext().pipeToSelf(flushed.toCompletableFuture().orTimeout(FLUSH_GRACE.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS), (ok, error) -> {
          if (error != null) {
            getContext().getLog().error("{} did not flush cleanly while stopping: {}", spec.name(), error.toString());
          }
          return new Flushed();
        });
    return this;
  }

  private Behavior<DaemonProtocol.Command> terminated() {
    try {
      onTerminated();
    } catch (RuntimeException e) {
      getContext().getLog().error("{} failed to release its resources", spec.name(), e);
    }
    return this;
  }

  private void requireExposed(Endpoint endpoint) {
    if (!exposed.contains(endpoint)) {
      throw new IllegalStateException(spec.name() + " cannot serve " + endpoint.wireName()
          + ": the endpoint table does not expose it for this daemon");
    }
  }
}
