package piker.samplerd;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.daemon.DaemonBase;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Session;
import piker.contracts.daemon.SessionContext;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.endpoints.EndpointTable;
import piker.contracts.samplerd.SamplerProtocol;
import piker.contracts.samplerd.SamplerProtocol.Step;

/**
 * The one OHLC clock of the tree: steps the 1 s and 60 s periods on wall-clock boundaries and
 * broadcasts each step to every subscribed session. A late timer (GC pause, suspended laptop) emits
 * every boundary it missed, up to {@link #MAX_CATCH_UP} of them, so bars are never skipped; a step
 * is never emitted twice.
 */
public final class Samplerd extends DaemonBase {
  /** At most one day of missed seconds is replayed after a stall. */
  static final long MAX_CATCH_UP = 86_400;

  /** The timer for the next 1 s boundary (epoch seconds). */
  private record Boundary(long second) implements DaemonProtocol.Command, LocalOnly {}

  /** A session asks to receive steps. */
  private record Attach(ActorRef<Session.Input> session, Set<Integer> periods)
      implements DaemonProtocol.Command, LocalOnly {}

  /** The session is attached: every step after {@code lastStep} will reach it. */
  private record Attached(long lastStep) implements Session.Input, LocalOnly {}

  /** Delivered by samplerd to a session actor, which forwards it to the opener. */
  private record Deliver(Step step) implements Session.Input, LocalOnly {}

  private final Clock clock;
  private final Map<ActorRef<Session.Input>, Set<Integer>> subscribers = new HashMap<>();
  private long lastStep;

  public static Behavior<DaemonProtocol.Command> create(DaemonSpec spec) {
    return create(spec, Clock.systemUTC());
  }

  /** With an explicit wall clock, so tests can drive it together with ManualTime. */
  public static Behavior<DaemonProtocol.Command> create(DaemonSpec spec, Clock clock) {
    return DaemonLifetime.create(spec, ctx -> new Samplerd(ctx, spec, clock));
  }

  private Samplerd(ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec, Clock clock) {
    super(ctx, spec, EndpointTable.served(DaemonKind.SAMPLERD));
    this.clock = clock;
    serveSession(Endpoint.OPEN_SAMPLE_STREAM, this::openSampleStream);
    scheduleNext(Math.floorDiv(clock.millis(), 1000));
  }

  @Override
  protected ReceiveBuilder<DaemonProtocol.Command> receive(ReceiveBuilder<DaemonProtocol.Command> builder) {
    return builder
        .onMessage(Boundary.class, this::onBoundary)
        .onMessage(Attach.class, this::onAttach);
  }

  /** Runs in the session actor: it talks to samplerd by messages only. */
  private Behavior<Session.Input> openSampleStream(SessionContext session, Payload params) {
    Set<Integer> periods = requestedPeriods(params);
    ActorRef<DaemonProtocol.Command> samplerd = getContext().getSelf();
    samplerd.tell(new Attach(session.self(), periods));
    return Behaviors.receive(Session.Input.class)
        .onMessage(Attached.class, attached -> {
          session.started(new SamplerProtocol.Info(periods.stream().sorted().toList(), attached.lastStep()));
          return Behaviors.same();
        })
        .onMessage(Deliver.class, deliver -> {
          session.send(deliver.step());
          return Behaviors.same();
        })
        .onMessage(Session.Send.class, send -> Behaviors.same())
        .build();
  }

  private static Set<Integer> requestedPeriods(Payload params) {
    if (params instanceof Payload.Empty) {
      return Set.copyOf(SamplerProtocol.PERIODS);
    }
    if (!(params instanceof SamplerProtocol.Subscribe subscribe)) {
      throw new IllegalArgumentException("open_sample_stream takes a Subscribe, not " + params.getClass().getSimpleName());
    }
    if (subscribe.periods().isEmpty()) {
      return Set.copyOf(SamplerProtocol.PERIODS);
    }
    Set<Integer> periods = new HashSet<>(subscribe.periods());
    if (!SamplerProtocol.PERIODS.containsAll(periods)) {
      throw new IllegalArgumentException("samplerd steps only the periods " + SamplerProtocol.PERIODS
          + " (seconds), not " + subscribe.periods());
    }
    return Set.copyOf(periods);
  }

  private Behavior<DaemonProtocol.Command> onAttach(Attach attach) {
    subscribers.put(attach.session(), attach.periods());
    attach.session().tell(new Attached(lastStep));
    return this;
  }

  @Override
  protected void onSessionEnded(ActorRef<Session.Input> session) {
    subscribers.remove(session);
  }

  private Behavior<DaemonProtocol.Command> onBoundary(Boundary boundary) {
    long first = lastStep == 0 ? boundary.second() : Math.max(lastStep + 1, boundary.second() - MAX_CATCH_UP + 1);
    long last = boundary.second();
    lastStep = Math.max(lastStep, last);
    // arm the next timer before anyone hears of this step, so the clock it reads is this step's
    scheduleNext(lastStep);
    for (long second = first; second <= last; second++) {
      broadcast(new Step(1, second));
      if (second % 60 == 0) {
        broadcast(new Step(60, second));
      }
    }
    return this;
  }

  private void broadcast(Step step) {
    Deliver deliver = new Deliver(step);
    subscribers.forEach((session, periods) -> {
      if (periods.contains(step.period())) {
        session.tell(deliver);
      }
    });
  }

  /** Arms the timer for the first whole second after both the wall clock and {@code after}. */
  private void scheduleNext(long after) {
    long nowMillis = clock.millis();
    long next = Math.max(Math.floorDiv(nowMillis, 1000) + 1, after + 1);
    Duration delay = Duration.ofMillis(Math.max(0, next * 1000 - nowMillis));
    getContext().scheduleOnce(delay, getContext().getSelf(), new Boundary(next));
  }

}
