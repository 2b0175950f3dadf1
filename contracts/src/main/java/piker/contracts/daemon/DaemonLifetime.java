package piker.contracts.daemon;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;

/**
 * The lifetime fixture every daemon runs in: set up the daemon's own state, register it (unless it
 * must stay hidden), then report Started; a set-up that throws reports StartFailed and rethrows so
 * the supervisor can restart it with backoff; a set-up that throws {@link StartRefused} reports it
 * and stops, since restarting against the same damaged file would only fail again.
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
        return failed(spec, ctx, e);
      }
      if (spec.discoverable()) {
        ctx.getSystem().receptionist().tell(Receptionist.register(DaemonKeys.ALL, ctx.getSelf()));
      }
      spec.reportTo().tell(new DaemonLifecycle.Started(spec.name(), ctx.getSelf()));
      return running;
    });
  }

  /** The asynchronous part of a set-up has finished. */
  private record Prepared<T>(T value) implements DaemonProtocol.Command, LocalOnly {}

  private record PrepareFailed(Throwable error) implements DaemonProtocol.Command, LocalOnly {}

  /** Requests that arrive while a daemon prepares wait in a stash this large. */
  private static final int STASH = 10_000;

  /**
   * A lifetime fixture whose set-up finishes asynchronously (a backend connection): {@code prepare}
   * runs first, requests wait in a stash, and once it completes {@code running} builds the daemon and
   * Started is reported; a failed preparation reports StartFailed and throws for the supervisor.
   */
  public static <T> Behavior<DaemonProtocol.Command> createAsync(
      DaemonSpec spec, Duration timeout,
      Function<ActorContext<DaemonProtocol.Command>, CompletionStage<T>> prepare,
      BiFunction<ActorContext<DaemonProtocol.Command>, T, Behavior<DaemonProtocol.Command>> running) {
    return Behaviors.withStash(STASH, stash -> Behaviors.setup(ctx -> {
      ctx.pipeToSelf(prepare.apply(ctx).toCompletableFuture().orTimeout(timeout.toMillis(),
              java.util.concurrent.TimeUnit.MILLISECONDS),
          (value, error) -> error == null ? new Prepared<>(value) : new PrepareFailed(error));
      return Behaviors.receive(DaemonProtocol.Command.class)
          .onMessage(Prepared.class, prepared -> {
            @SuppressWarnings("unchecked")
            T value = (T) prepared.value();
            return stash.unstashAll(create(spec, c -> running.apply(c, value)));
          })
          .onMessage(PrepareFailed.class, failed -> {
            RuntimeException error = failed.error() instanceof RuntimeException runtime ? runtime
                : new IllegalStateException(failed.error().getMessage(), failed.error());
            return failed(spec, ctx, error);
          })
          .onAnyMessage(message -> {
            stash.stash(message);
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** Reports a failed set-up; stops on a refusal, else throws for the supervisor's restart. */
  private static Behavior<DaemonProtocol.Command> failed(DaemonSpec spec, ActorContext<DaemonProtocol.Command> ctx,
                                                         RuntimeException error) {
    StartRefused refused = StartRefused.find(error);
    if (refused != null) {
      spec.reportTo().tell(new DaemonLifecycle.StartFailed(spec.name(), refused.error(), false));
      return Behaviors.stopped();
    }
    spec.reportTo().tell(new DaemonLifecycle.StartFailed(spec.name(), RemoteError.of(error, spec.sourceOf(ctx.getSelf()))));
    throw error;
  }
}
