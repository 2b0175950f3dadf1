package piker.paperboi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import piker.accounting.AccountWriter;
import piker.accounting.LedgerFile;
import piker.accounting.LedgerWriter;
import piker.accounting.Position;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.daemon.Cookie;
import piker.contracts.daemon.DaemonBase;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RelaySession;
import piker.contracts.daemon.Session;
import piker.contracts.datad.MarketFeeds;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.endpoints.EndpointTable;
import piker.contracts.names.AccountName;

/**
 * {@code paperboi.<broker>}: paper clearing of the broker's paper account against datad's quotes,
 * spawned on emsd's request. It speaks the clearing protocol brokerd speaks, so emsd routes paper and
 * live orders alike. The clearing is {@link PaperClearing}'s; this actor feeds it dialogs, orders and
 * quotes and carries out what it decides.
 *
 * <p>A fill is appended to the ledger (fsync) on the ledger writer's thread, never this one (which emsd
 * shares); what paperboi says after it reaches emsd only once that append has completed, everything
 * in the order it was decided. An oid whose trade is already in the ledger is answered from the
 * ledger, never cleared twice.
 */
public final class Paperboi extends DaemonBase {

  /** A ledger append has completed (or failed): what waited for it may go. */
  private record Written(Object incarnation, long seq, AccountName account, List<Position> openAfter, Throwable error)
      implements DaemonProtocol.Command, LocalOnly {}

  /** A message for a dialog that must wait for the ledger appends asked for before it. */
  private record Queued(long after, ActorRef<Session.Input> dialog, Session.Input message) {}

  /** A ledger call for an account with appends in flight: answered once none is. */
  private record Reload(AccountName account, CompletableFuture<Payload> answer) {}

  private final String broker;
  private final PaperClearing<ActorRef<Session.Input>> clearing;
  private final MarketFeeds feeds;
  private final LedgerWriter ledgerWriter;
  private final AccountWriter accountWriter;
  private final Map<AccountName, LedgerFile> ledgers = new HashMap<>();
  /** Appends asked for and completed, numbered from 1 in order; the last append asked for per account. */
  private long asked;
  private long written;
  /** This incarnation of the actor: a completion from before a restart (same ActorRef) is not ours. */
  private final Object incarnation = new Object();
  private final Map<AccountName, Long> lastAppend = new HashMap<>();
  private final Deque<Queued> outbox = new ArrayDeque<>();
  private final List<Reload> reloads = new ArrayList<>();

  public static Behavior<DaemonProtocol.Command> create(DaemonSpec spec) {
    return create(spec, LedgerWriter.DIRECT);
  }

  /** With the ledger append step given: a test's slow disk. */
  public static Behavior<DaemonProtocol.Command> create(DaemonSpec spec, LedgerWriter.Append append) {
    return DaemonLifetime.create(spec, ctx -> new Paperboi(ctx, spec, append));
  }

  private Paperboi(ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec, LedgerWriter.Append append) {
    super(ctx, spec, EndpointTable.served(DaemonKind.PAPERBOI));
    this.broker = spec.name().broker();
    this.clearing = new PaperClearing<>(broker, Clock.systemUTC());
    this.feeds = new MarketFeeds(ctx, Hello.of(Cookie.read(spec.settings().cookieFile())), spec.services(),
        source());
    this.ledgerWriter = new LedgerWriter("piker-ledger-" + spec.name(), append);
    this.accountWriter = new AccountWriter(spec.settings().dataDir());
    serveSession(Endpoint.OPEN_PAPER_DIALOG, RelaySession.to(ctx.getSelf()));
    serveCall(Endpoint.LOAD_PAPER_LEDGER, this::loadLedger);
  }

  @Override
  protected ReceiveBuilder<DaemonProtocol.Command> receive(ReceiveBuilder<DaemonProtocol.Command> builder) {
    return builder
        .onMessage(RelaySession.Attach.class, this::onAttach)
        .onMessage(RelaySession.Received.class, this::onFromDialog)
        .onMessage(MarketFeeds.Message.class, this::onFeeds)
        .onMessage(Written.class, this::onWritten);
  }

  @Override
  protected void onTerminated() {
    ledgerWriter.close();
    accountWriter.close();
    // the writer has finished every append: the ledgers are this actor's again, to close
    ledgers.values().forEach(this::close);
  }

  // ---- accounts and ledgers

  /** This broker's paper account by its name; anything else is refused. */
  private AccountName paperAccount(String name) {
    AccountName parsed = AccountName.parse(name);
    if (!parsed.broker().equals(broker) || !parsed.isPaper()) {
      throw new IllegalArgumentException("paperboi." + broker + " clears only " + broker + ".paper, not " + name);
    }
    return parsed;
  }

  /** The account, loaded from its ledger on first use. */
  private AccountName load(String name) {
    AccountName parsed = paperAccount(name);
    if (clearing.account(parsed).isEmpty()) {
      adopt(PaperAccount.load(spec.settings().dataDir(), parsed));
    }
    return parsed;
  }

  /** Takes a loaded account; a ledger read before it is closed (no append of it is in flight then). */
  private void adopt(PaperAccount.Loaded loaded) {
    clearing.adopt(loaded.account());
    LedgerFile before = ledgers.put(loaded.account().account(), loaded.ledger());
    if (before != null) {
      close(before);
    }
  }

  private void close(LedgerFile ledger) {
    try {
      ledger.close();
    } catch (IOException e) {
      // each append was fsync'd before it completed: a failed close loses nothing
      getContext().getLog().warn("closing the ledger {}: {}", ledger.path(), e.getMessage());
    }
  }

  private CompletionStage<Payload> loadLedger(Payload request) {
    if (!(request instanceof ClearingProtocol.LedgerRequest ledger) || ledger.account() == null) {
      throw new IllegalArgumentException("load_paper_ledger takes a LedgerRequest with an account");
    }
    AccountName account = paperAccount(ledger.account());
    CompletableFuture<Payload> answer = new CompletableFuture<>();
    // the ledger file is the writer's while appends of it are in flight: read it again when none is
    reloads.add(new Reload(account, answer));
    reloadWhatWaitsNoLonger();
    return answer;
  }

  /**
   * Reloaded from disk on every request: the file is the truth, whoever appended to it; one that cannot
   * be read now is refused, and the account loaded before keeps what this paperboi appended.
   */
  private void reloadWhatWaitsNoLonger() {
    for (Iterator<Reload> waiting = reloads.iterator(); waiting.hasNext(); ) {
      Reload reload = waiting.next();
      if (lastAppend.getOrDefault(reload.account(), 0L) > written) {
        continue;
      }
      waiting.remove();
      try {
        PaperAccount.Loaded loaded = PaperAccount.load(spec.settings().dataDir(), reload.account());
        adopt(loaded);
        reload.answer().complete(new ClearingProtocol.LedgerReply(reload.account().toString(),
            loaded.ledger().path().toString(), loaded.account().open()));
      } catch (PaperAccount.UnreadableLedger e) {
        reload.answer().completeExceptionally(unreadable(e).toException());
      }
    }
  }

  private RemoteError unreadable(PaperAccount.UnreadableLedger e) {
    return ErrorKind.LEDGER_UNREADABLE.error(e.getMessage(), source());
  }

  // ---- dialogs

  private Behavior<DaemonProtocol.Command> onAttach(RelaySession.Attach attach) {
    if (!(attach.params() instanceof ClearingProtocol.DialogParams params)) {
      attach.session().tell(new RelaySession.Reject(RemoteError.of("InvalidRequest",
          "open_paper_dialog takes DialogParams", source())));
      return this;
    }
    Set<AccountName> accounts = new LinkedHashSet<>();
    try {
      params.accounts().forEach(name -> accounts.add(load(name)));
    } catch (PaperAccount.UnreadableLedger e) {
      // refused, not crashed: emsd ends what it cannot clear with the reason, and the next dialog reads again
      attach.session().tell(new RelaySession.Reject(unreadable(e)));
      return this;
    } catch (RuntimeException e) {
      attach.session().tell(new RelaySession.Reject(RemoteError.of(e, source())));
      return this;
    }
    // its positions may hold fills whose appends are in flight: it starts after them
    tell(attach.session(), new RelaySession.Begin(clearing.attach(attach.session(), accounts)));
    return this;
  }

  @Override
  protected void onSessionEnded(ActorRef<Session.Input> session) {
    clearing.detach(session);
  }

  private Behavior<DaemonProtocol.Command> onFromDialog(RelaySession.Received from) {
    if (!clearing.attached(from.session())) {
      return this;
    }
    if (from.body() instanceof ClearingProtocol.SubmitOrder order) {
      run(clearing.submit(from.session(), order));
    } else if (from.body() instanceof ClearingProtocol.CancelOrder cancel) {
      run(clearing.cancel(from.session(), cancel));
    } else {
      send(from.session(), List.of(new ClearingProtocol.OrderError(null, null,
          "paperboi takes SubmitOrder and CancelOrder, not " + from.body().getClass().getSimpleName())));
    }
    return this;
  }

  // ---- market feeds

  private Behavior<DaemonProtocol.Command> onFeeds(MarketFeeds.Message message) {
    for (MarketFeeds.Update update : feeds.onMessage(message)) {
      if (update instanceof MarketFeeds.Quotes quotes) {
        run(clearing.quotes(quotes.fqme(), quotes.quotes()));
      } else if (update instanceof MarketFeeds.Ready ready) {
        run(clearing.ready(ready.fqme(), ready.mkt(), ready.startup()));
      } else if (update instanceof MarketFeeds.Failed failed) {
        run(clearing.feedDown(failed.fqme(), failed.error().message()));
      } else if (update instanceof MarketFeeds.Lost lost) {
        run(clearing.feedDown(lost.fqme(), lost.error().message()));
      } else if (update instanceof MarketFeeds.Troubled troubled) {
        clearing.troubled(troubled.fqme(), troubled.error().describe());
      }
    }
    return this;
  }

  // ---- carrying out the clearing's decisions

  private void run(List<PaperClearing.Effect<ActorRef<Session.Input>>> effects) {
    for (PaperClearing.Effect<ActorRef<Session.Input>> effect : effects) {
      if (effect instanceof PaperClearing.Send<ActorRef<Session.Input>> send) {
        send(send.dialog(), send.events());
      } else if (effect instanceof PaperClearing.Record<ActorRef<Session.Input>> record) {
        append(record);
      } else if (effect instanceof PaperClearing.OpenFeed<ActorRef<Session.Input>> open) {
        feeds.open(open.fqme());
      } else if (effect instanceof PaperClearing.CloseFeed<ActorRef<Session.Input>> close) {
        feeds.close(close.fqme());
      }
    }
  }

  private void append(PaperClearing.Record<?> record) {
    long seq = ++asked;
    lastAppend.put(record.account(), seq);
    getContext().pipeToSelf(ledgerWriter.append(ledgers.get(record.account()), record.clears()),
        (appended, error) -> new Written(incarnation, seq, record.account(), record.openAfter(), error));
  }

  private void send(ActorRef<Session.Input> dialog, List<BrokerEvent> events) {
    tell(dialog, new RelaySession.Deliver(new ClearingProtocol.Events(events)));
  }

  /** Told now when no append is in flight, else after the appends asked for so far. */
  private void tell(ActorRef<Session.Input> dialog, Session.Input message) {
    if (outbox.isEmpty() && written == asked) {
      dialog.tell(message);
    } else {
      outbox.add(new Queued(asked, dialog, message));
    }
  }

  private Behavior<DaemonProtocol.Command> onWritten(Written done) {
    if (done.incarnation() != incarnation) {
      // an append asked for before a restart: its numbers are not this incarnation's, and what it held
      // was never reported (the ledger read at the restart says what is on disk)
      return this;
    }
    if (done.error() != null) {
      // nothing is reported before it is on disk: fail, and let the supervisor start afresh from the ledger
      Throwable cause = done.error() instanceof java.util.concurrent.CompletionException ? done.error().getCause()
          : done.error();
      throw new UncheckedIOException("cannot record fills of " + done.account() + ": " + cause.getMessage(),
          cause instanceof IOException io ? io : new IOException(cause));
    }
    // appends complete in order: this one done means every earlier one is
    written = Math.max(written, done.seq());
    // the account file follows the ledger, off the order path
    accountWriter.write(done.account().toString(), done.openAfter());
    while (!outbox.isEmpty() && outbox.peek().after() <= written) {
      Queued next = outbox.poll();
      next.dialog().tell(next.message());
    }
    reloadWhatWaitsNoLonger();
    return this;
  }
}
