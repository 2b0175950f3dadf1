package piker.emsd.journal;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SnapshotCountRetentionCriteria;
import piker.contracts.LocalOnly;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/**
 * emsd's order journal (Pekko Persistence Typed): emsd appends a batch of events and acts only once
 * they are written. One batch is one journal write, so orders arriving while a write is in flight
 * share the next one (group commit). Snapshots every {@code snapshotEvery} events keep recovery fast.
 */
public final class OrderJournal extends EventSourcedBehavior<OrderJournal.Command, OrderEvent, OrderState> {

  public sealed interface Command extends LocalOnly {}

  public record Append(long batch, List<OrderEvent> events, ActorRef<Appended> replyTo) implements Command {}

  public record Appended(long batch) implements LocalOnly {}

  /** The recovered state, as a copy the caller may own. */
  public record Recover(ActorRef<OrderState> replyTo) implements Command {}

  /**
   * Where and how the journal is kept; the plugin ids name sections of the actor system's config.
   * {@code pruneOnSnapshot} deletes the events a kept snapshot covers (right for a store on disk; Pekko's
   * in-memory journal deletes one event at a time by copying, so it is left whole there).
   */
  public record Settings(String persistenceId, String journalPluginId, String snapshotPluginId, int snapshotEvery,
                         boolean pruneOnSnapshot) {
    /** Pekko's in-memory journal with the local snapshot store: tests and the in-memory benchmark. */
    public static Settings inMemory(String persistenceId) {
      return new Settings(persistenceId, "pekko.persistence.journal.inmem", "pekko.persistence.snapshot-store.local",
          1_000, false);
    }
  }

  private final Settings settings;

  private record StoreReady(Throwable error) implements Command {}

  /** Commands that arrive while the store is being prepared wait in a stash this large. */
  private static final int STASH = 10_000;

  /** The journal, started once {@code storeReady} completes (its tables exist); a failed store fails it. */
  public static Behavior<Command> create(Settings settings, CompletionStage<?> storeReady) {
    return Behaviors.withStash(STASH, stash -> Behaviors.setup(ctx -> {
      ctx.pipeToSelf(storeReady, (ok, error) -> new StoreReady(error));
      return Behaviors.receive(Command.class)
          .onMessage(StoreReady.class, ready -> {
            if (ready.error() != null) {
              throw new IllegalStateException("emsd's journal store is not usable: " + ready.error().getMessage(),
                  ready.error());
            }
            return stash.unstashAll(new OrderJournal(settings));
          })
          .onAnyMessage(command -> {
            stash.stash(command);
            return Behaviors.same();
          })
          .build();
    }));
  }

  private OrderJournal(Settings settings) {
    super(PersistenceId.ofUniqueId(settings.persistenceId()));
    this.settings = settings;
  }

  @Override
  public OrderState emptyState() {
    return new OrderState();
  }

  @Override
  public CommandHandler<Command, OrderEvent, OrderState> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Append.class, (state, append) -> append.events().isEmpty()
            ? Effect().none().thenRun(s -> append.replyTo().tell(new Appended(append.batch())))
            : Effect().persist(append.events()).thenRun(s -> append.replyTo().tell(new Appended(append.batch()))))
        .onCommand(Recover.class, (state, recover) -> Effect().none().thenRun(s -> recover.replyTo().tell(s.copy())))
        .build();
  }

  @Override
  public EventHandler<OrderState, OrderEvent> eventHandler() {
    return (state, event) -> state.apply(event);
  }

  @Override
  public String journalPluginId() {
    return settings.journalPluginId();
  }

  @Override
  public String snapshotPluginId() {
    return settings.snapshotPluginId();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    SnapshotCountRetentionCriteria criteria = RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
    // events older than the kept snapshots are deleted: the journal stays small, recovery fast
    return settings.pruneOnSnapshot() ? criteria.withDeleteEventsOnSnapshot() : criteria;
  }
}
