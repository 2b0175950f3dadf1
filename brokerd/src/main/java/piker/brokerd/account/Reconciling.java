package piker.brokerd.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.names.AccountName;

/**
 * The trader's reconciles: each reads the ledger's markets, the venue's snapshot and the ledger's sync with it
 * ({@link Reading}), has the {@link Reconciler} decide, answers whoever asked for it (emsd's dialog opening, a
 * ledger sync, or nobody when in the background) and carries out the decisions. A background one that fails is
 * tried again later, backing off to a minute. Runs on the trader's thread; readings come back as
 * {@link AccountTrader.Read}.
 */
final class Reconciling {
  private static final Duration MAX_RESYNC = Duration.ofMinutes(1);

  private final ActorContext<AccountTrader.Command> ctx;
  private final AccountName account;
  private final VenueSession session;
  private final BookThread writer;
  private final LiveOrders orders;
  private final Reconciler reconciler;
  private final Outbox<AccountTrader.Reply> outbox;
  private final EffectRunner effects;
  /** The orders emsd's dialog opened with, until a reconcile answers it. */
  private final List<ClearingProtocol.KnownOrder> pendingOpen = new ArrayList<>();
  private Duration resyncDelay = EffectRunner.LOOK_AGAIN;

  Reconciling(ActorContext<AccountTrader.Command> ctx, AccountName account, VenueSession session, BookThread writer,
              LiveOrders orders, Reconciler reconciler, Outbox<AccountTrader.Reply> outbox, EffectRunner effects) {
    this.ctx = ctx;
    this.account = account;
    this.session = session;
    this.writer = writer;
    this.orders = orders;
    this.reconciler = reconciler;
    this.outbox = outbox;
    this.effects = effects;
  }

  /** emsd's dialog (re)opens knowing {@code known}: the reconcile that answers it looks those orders up. */
  void dialogOpened(List<ClearingProtocol.KnownOrder> known) {
    pendingOpen.clear();
    pendingOpen.addAll(known);
  }

  /** Starts a reconcile: for emsd's dialog, for ledger sync {@code syncRequest}, or (neither) in the background. */
  void reconcile(boolean forDialog, String syncRequest) {
    List<ClearingProtocol.KnownOrder> known = forDialog ? List.copyOf(pendingOpen) : orders.index().known();
    ctx.pipeToSelf(Reading.take(writer, session.client(), orders.index(), known, syncRequest != null),
        (read, error) -> new AccountTrader.Read(read, error, forDialog, syncRequest));
  }

  void read(AccountTrader.Read read) {
    if (read.error() != null) {
      failedToRead(read);
      return;
    }
    VenueSnapshot snapshot = read.reading().snapshot();
    BookThread.Synced ledger = read.reading().ledger();
    if (ledger.added() > 0) {
      ctx.getLog().info("ledger of {}: {} venue trades added", account, ledger.added());
    }
    List<ClearingProtocol.KnownOrder> known = read.syncRequest() != null ? null
        : read.forDialog() ? List.copyOf(pendingOpen) : orders.index().known();
    Reconciler.Outcome outcome = reconciler.reconcile(known, snapshot, ledger.comparison().mismatch(),
        ledger.comparison().notices());
    if (outcome.readAgain()) {
      reconcile(read.forDialog(), read.syncRequest()); // read again: that read decides and answers
      return;
    }
    List<BrokerEvent> events = new ArrayList<>(outcome.events());
    events.addAll(ledger.positions());
    if (read.syncRequest() != null) {
      effects.emit(events);
      outbox.send(new AccountTrader.LedgerSynced(account.toString(), read.syncRequest(), ledger.reply(), null));
    } else if (read.forDialog()) {
      pendingOpen.clear();
      outbox.send(new AccountTrader.Opened(account.toString(), ledger.positions(), outcome.open(), events));
    } else {
      effects.emit(events);
    }
    effects.carryOut(outcome.effects());
    resyncDelay = EffectRunner.LOOK_AGAIN;
    snapshot.open().forEach(state -> effects.warm(state.bsFqme()));
    snapshot.positions().stream().filter(position -> position.size().signum() != 0)
        .forEach(position -> effects.warm(position.bsFqme()));
    effects.run(orders::placeUnplaced);
  }

  private void failedToRead(AccountTrader.Read read) {
    RemoteError error = Reading.failure(read.error(), account, AccountTrader.source(account));
    if (read.syncRequest() != null) {
      outbox.send(new AccountTrader.LedgerSynced(account.toString(), read.syncRequest(), null, error));
    } else if (read.forDialog()) {
      outbox.send(new AccountTrader.OpenFailed(account.toString(), error));
    } else {
      if (Reading.ledgerFailed(read.error())) {
        ctx.getLog().error("{}; trying again", error.describe());
      } else {
        ctx.getLog().warn("reconciling {} failed: {}; trying again", account, error.describe());
      }
      resyncLater();
    }
  }

  /** A reconcile in the background failed: again later, backing off to a minute. */
  void resyncLater() {
    ctx.scheduleOnce(resyncDelay, ctx.getSelf(), new AccountTrader.Resync());
    resyncDelay = resyncDelay.multipliedBy(2).compareTo(MAX_RESYNC) > 0 ? MAX_RESYNC : resyncDelay.multipliedBy(2);
  }

  /** Syncs the ledger from the venue and answers request {@code requestId} with it. */
  void syncLedger(String requestId) {
    if (!session.up()) {
      String source = AccountTrader.source(account);
      outbox.send(new AccountTrader.LedgerSynced(account.toString(), requestId, null, RemoteError.of("NotConnected",
          source + " has no venue link for " + account + " yet", source)));
      return;
    }
    reconcile(false, requestId);
  }
}
