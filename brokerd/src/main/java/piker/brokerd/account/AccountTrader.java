package piker.brokerd.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.market.MktPair;
import piker.contracts.names.AccountName;
import piker.contracts.spi.TradeClient;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * One live account of brokerd, as a thin actor: its {@link VenueSession} (login), its {@link BookThread}
 * (the venue's trades, fsync'd on the writer's thread before emsd hears of a fill), and the account's
 * order logic in plain code ({@link LiveOrders}, each order's {@link OrderStage}; {@link Reconciler}). It
 * turns messages into inputs of that logic and carries out the {@link Effect}s it returns ({@link EffectRunner});
 * every venue call and ledger write is asynchronous and comes back as a message, so the actor never blocks.
 *
 * <p>At each dialog start, after every reconnect and for a ledger sync it reconciles ({@link Reconciling}): the
 * ledger's markets, then the venue's snapshot ({@link VenueSnapshot}), then the ledger's sync with it, then the
 * reconciler's decisions. While emsd's dialog lives it keeps the venue's dead man's switch armed
 * ({@link SwitchKeeper}).
 */
public final class AccountTrader extends AbstractBehavior<AccountTrader.Command> {

  public sealed interface Command extends LocalOnly {}

  /** Start (or restart) emsd's dialog for this account: log in if needed, reconcile, answer the parent. */
  public record Open(List<ClearingProtocol.KnownOrder> known) implements Command {}

  public record Submit(ClearingProtocol.SubmitOrder order) implements Command {}

  public record Cancel(ClearingProtocol.CancelOrder cancel) implements Command {}

  /** Sync the ledger from the venue and answer with it. */
  public record SyncLedger(String requestId) implements Command {}

  /** emsd's dialog for this account ended: the venue's dead man's switch is no longer re-armed. */
  public record DialogEnded() implements Command {}

  /** What the trader tells its parent (brokerd). */
  public sealed interface Reply extends LocalOnly {
    String account();
  }

  /** The account is reconciled: its positions and open orders for the dialog's first answer, then events. */
  public record Opened(String account, List<ClearingProtocol.PositionUpdate> positions,
                       List<ClearingProtocol.OrderStatus> open, List<BrokerEvent> events) implements Reply {}

  public record OpenFailed(String account, RemoteError error) implements Reply {}

  /** Events for emsd, in the order they happened. */
  public record Emit(String account, List<BrokerEvent> events) implements Reply {}

  public record LedgerSynced(String account, String requestId, ClearingProtocol.LedgerReply reply, RemoteError error)
      implements Reply {}

  /** How the trader reaches its venue: the backend's trade side, opened with brokerd's credentials. */
  @FunctionalInterface
  public interface Connector {
    CompletionStage<TradeClient> open(String venueAccount, TradeClient.TradeListener listener);
  }

  private record LoggedIn(TradeClient client, Throwable error) implements Command {}

  record Read(Reading reading, Throwable error, boolean forDialog, String syncRequest) implements Command {}

  private record VenueOrder(OrderState state) implements Command {}

  private record VenueFill(NormTrade trade) implements Command {}

  /** A fill's ledger write is done (or failed): emsd may hear of it now. */
  private record Recorded(long ticket, String oid, NormTrade trade,
                          Optional<ClearingProtocol.PositionUpdate> position, Throwable error) implements Command {}

  private record Disconnected(RemoteError error) implements Command {}

  private record Reconnected() implements Command {}

  record Placed(String oid, OrderState state, Throwable error) implements Command {}

  record CancelDone(String oid, OrderState state, Throwable error) implements Command {}

  record Looked(String oid, Optional<OrderState> state, Throwable error) implements Command {}

  record MarketLoaded(String bsFqme, MktPair mkt, Throwable error) implements Command {}

  /** A venue order's trades, fetched ({@link Effect.FetchTrades}): each goes the way of a venue fill. */
  record FetchedTrades(String oid, List<NormTrade> trades, Throwable error) implements Command {}

  record CheckFills(String oid) implements Command {}

  /** Look an order in doubt up again (its last lookup found the venue unreachable). */
  record LookAgain(String oid) implements Command {}

  /** Read the venue again: a fill could not be ledgered, so emsd has not heard of it yet. */
  record Resync() implements Command {}

  /** Time to re-arm the venue's dead man's switch. */
  record ArmTick() implements Command {}

  /** The venue's answer to arm {@code number} of the dead man's switch. */
  record Armed(long number, Throwable error) implements Command {}

  private final AccountName account;
  private final VenueSession session;
  private final BookThread writer;
  private final LiveOrders orders;
  private final Reconciler reconciler;
  private final Outbox<Reply> outbox;
  private final EffectRunner effects;
  private final Reconciling reconciling;
  private final SwitchKeeper deadMan;

  /**
   * @param neverPlacedAfter how long "no such order" must last before an order that may have reached the
   *     venue is judged never placed ({@code piker.brokerd.never-placed-after}): a venue answers "no such
   *     order" for one it holds only just after taking it, and refuses a duplicate client id only among open
   *     orders, so placing again on one such answer could place a filled order twice
   */
  public static Behavior<Command> create(String account, String venueAccount, java.nio.file.Path dataDir,
                                         Connector connector, ActorRef<Reply> parent, Duration neverPlacedAfter) {
    AccountName name = AccountName.parse(account);
    return create(name, venueAccount, () -> BookThread.start(dataDir, name), connector, parent, neverPlacedAfter);
  }

  /** As above, with the ledger's writer made by {@code writer} (a test's, whose disk is slow). */
  static Behavior<Command> create(AccountName account, String venueAccount, Supplier<BookThread> writer,
                                  Connector connector, ActorRef<Reply> parent, Duration neverPlacedAfter) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new AccountTrader(ctx, timers, account,
        new VenueSession(connector, venueAccount), writer.get(), parent, neverPlacedAfter)));
  }

  private AccountTrader(ActorContext<Command> ctx, TimerScheduler<Command> timers, AccountName account,
                        VenueSession session, BookThread writer, ActorRef<Reply> parent, Duration neverPlacedAfter) {
    super(ctx);
    this.account = account;
    this.session = session;
    this.writer = writer;
    this.orders = new LiveOrders(account, neverPlacedAfter, System::nanoTime, ctx.getLog());
    this.reconciler = new Reconciler(account, orders, ctx.getLog());
    this.outbox = new Outbox<>(parent::tell);
    this.effects = new EffectRunner(ctx, account, session, orders, outbox);
    this.reconciling = new Reconciling(ctx, account, session, writer, orders, reconciler, outbox, effects);
    this.deadMan = new SwitchKeeper(ctx, timers, account, session::client);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Open.class, this::onOpen)
        .onMessage(LoggedIn.class, this::onLoggedIn)
        .onMessage(Read.class, read -> {
          reconciling.read(read);
          return this;
        })
        .onMessage(Submit.class, submit -> run(out -> orders.submit(submit.order(), reconciler.blocked(), out)))
        .onMessage(Cancel.class, cancel -> run(out -> orders.cancel(cancel.cancel(), out)))
        .onMessage(SyncLedger.class, sync -> {
          reconciling.syncLedger(sync.requestId());
          return this;
        })
        .onMessage(VenueOrder.class, event -> run(out -> orders.venueOrder(event.state(), out)))
        .onMessage(VenueFill.class, this::onVenueFill)
        .onMessage(Recorded.class, this::onRecorded)
        .onMessage(Disconnected.class, this::onDisconnected)
        .onMessage(Reconnected.class, reconnected -> {
          getContext().getLog().info("{}: venue link back; reconciling", account);
          deadMan.reconnected();
          return reconcile(false, null);
        })
        .onMessage(Placed.class, placed -> run(out -> orders.placed(placed.oid(), placed.state(),
            remote(placed.error()), out)))
        .onMessage(CancelDone.class, done -> run(out -> orders.cancelDone(done.oid(), done.state(), remote(done.error()),
            out)))
        .onMessage(Looked.class, looked -> run(out -> orders.looked(looked.oid(), looked.state(),
            remote(looked.error()), out)))
        .onMessage(MarketLoaded.class, this::onMarketLoaded)
        .onMessage(FetchedTrades.class, this::onFetchedTrades)
        .onMessage(CheckFills.class, check -> run(out -> orders.checkFills(check.oid(), out)))
        .onMessage(LookAgain.class, again -> run(out -> orders.lookAgain(again.oid(), out)))
        .onMessage(Resync.class, resync -> session.up() ? reconcile(false, null) : this)
        .onMessage(DialogEnded.class, ended -> {
          deadMan.dialogEnded();
          return this;
        })
        .onMessage(ArmTick.class, tick -> {
          deadMan.tick();
          return this;
        })
        .onMessage(Armed.class, armed -> {
          deadMan.heard(armed);
          return this;
        })
        .onSignal(PostStop.class, signal -> {
          session.close();
          writer.close();
          return this;
        })
        .build();
  }

  // ---- login and reconcile

  private Behavior<Command> onOpen(Open open) {
    reconciling.dialogOpened(open.known());
    orders.index().expect(open.known());
    deadMan.dialogOpened();
    if (session.up()) {
      return reconcile(true, null);
    }
    ActorRef<Command> self = getContext().getSelf();
    session.logIn(VenueSession.listener(state -> self.tell(new VenueOrder(state)),
            trade -> self.tell(new VenueFill(trade)), error -> self.tell(new Disconnected(error)),
            () -> self.tell(new Reconnected())))
        .ifPresent(login -> getContext().pipeToSelf(login, LoggedIn::new));
    return this;
  }

  private Behavior<Command> onLoggedIn(LoggedIn loggedIn) {
    session.loggedIn(loggedIn.client());
    if (loggedIn.error() != null) {
      outbox.send(new OpenFailed(account.toString(), remote(loggedIn.error())));
      return this;
    }
    orders.connected(true);
    deadMan.loggedIn(loggedIn.client().deadMansSwitch());
    return reconcile(true, null);
  }

  private Behavior<Command> reconcile(boolean forDialog, String syncRequest) {
    reconciling.reconcile(forDialog, syncRequest);
    return this;
  }

  // ---- venue events

  /** Ledger first (fsync, on the writer's thread), then emsd: its place in line is kept meanwhile. */
  private Behavior<Command> onVenueFill(VenueFill event) {
    NormTrade trade = event.trade();
    String oid = orders.oidOfFill(trade);
    long ticket = outbox.hold();
    getContext().pipeToSelf(writer.record(trade), (position, error) -> new Recorded(ticket, oid, trade, position,
        error));
    return this;
  }

  /** Fetched trades are venue fills like any: ledger first, then emsd, each counted once by trade id. */
  private Behavior<Command> onFetchedTrades(FetchedTrades fetched) {
    if (fetched.error() != null) {
      getContext().getLog().warn("{}: cannot fetch the trades of order {}: {}; the next reconcile reads them",
          account, fetched.oid(), remote(fetched.error()).describe());
      reconciling.resyncLater();
      return this;
    }
    fetched.trades().forEach(trade -> onVenueFill(new VenueFill(trade)));
    return this;
  }

  private Behavior<Command> onRecorded(Recorded recorded) {
    if (recorded.error() != null) {
      // the fill stays at the venue: the next reconcile appends it; emsd must not hear of it before
      getContext().getLog().error("{}: cannot write trade {} to the ledger: {}", account, recorded.trade().tradeId(),
          recorded.error().getMessage());
      outbox.release(recorded.ticket(), List.of());
      reconciling.resyncLater();
      return this;
    }
    List<Effect> out = new ArrayList<>();
    orders.filled(recorded.oid(), recorded.trade(), recorded.position(), out);
    List<Reply> told = new ArrayList<>();
    out.stream().filter(Effect.Emit.class::isInstance).map(Effect.Emit.class::cast)
        .forEach(emit -> told.add(new Emit(account.toString(), emit.events())));
    outbox.release(recorded.ticket(), told);
    effects.carryOut(out.stream().filter(effect -> !(effect instanceof Effect.Emit)).toList());
    return this;
  }

  private Behavior<Command> onDisconnected(Disconnected disconnected) {
    if (VenueSession.keyRefused(disconnected.error())) {
      // the key was revoked while logged in: this trader stops, brokerd ends emsd's dialog, and the
      // dialog reopened for the orders emsd holds is refused for the key, as any order will be
      getContext().getLog().error("{}: the venue refused the api key when logging in again; the trader stops",
          account);
      return Behaviors.stopped();
    }
    // orders still go out (a venue that takes them over another channel answers them; one that cannot refuses
    // them, and an order in doubt is looked up): what the link missed is reconciled once it is back
    getContext().getLog().warn("{}: venue link lost ({}); reconnecting, and reconciling once back", account,
        disconnected.error().describe());
    deadMan.disconnected();
    return this;
  }

  // ---- markets

  private Behavior<Command> onMarketLoaded(MarketLoaded loaded) {
    effects.marketLoaded(loaded.bsFqme(), loaded.mkt(),
        loaded.mkt() != null ? null : remote(loaded.error()).describe());
    return this;
  }

  // ---- carrying out what the order logic decided

  /** Runs one input of the order logic and carries out what it decided. */
  private Behavior<Command> run(java.util.function.Consumer<List<Effect>> input) {
    effects.run(input);
    return this;
  }

  /** A venue's refusal as emsd is told it; null for none. */
  private RemoteError remote(Throwable error) {
    return error == null ? null : RemoteError.of(error, source(account));
  }

  /** Errors name brokerd by its logical name: its actor path is not for anyone's eyes. */
  static String source(AccountName account) {
    return "brokerd." + account.broker();
  }
}
