package piker.emsd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import piker.contracts.ErrorKind;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;
import piker.contracts.daemon.Cookie;
import piker.contracts.daemon.DaemonBase;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RelaySession;
import piker.contracts.daemon.Session;
import piker.contracts.daemon.StartRefused;
import piker.contracts.datad.MarketFeeds;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.endpoints.EndpointTable;
import piker.contracts.metrics.Metrics;
import piker.contracts.names.ServiceName;
import piker.emsd.clearing.ClearingLink;
import piker.emsd.journal.OrderLog;
import piker.emsd.orders.OrderState;
import piker.emsd.router.ClientId;
import piker.emsd.router.Decision;
import piker.emsd.router.Effect;
import piker.emsd.router.OrderRouter;
import piker.emsd.router.RouterInput;

/**
 * {@code emsd}: the order router's actor. It adapts client dialogs, clearing links, market feeds and ledger
 * calls to {@link RouterInput}s, has the pure {@link OrderRouter} decide, journals each decision's events
 * and runs its effects ({@link EffectRunner}) once the journal holds them, in decision order.
 *
 * <p>State changes apply at once (so the next command sees them) but their effects — statuses to
 * clients, orders to brokers — wait until the journal has written the events ("journal before
 * acknowledge"): the journal's write stage completes, and only then do the effects run.
 */
public final class Emsd extends DaemonBase {
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(30);

  private record Recovered(OrderLog journal, OrderState state) {}

  private record FromLink(ClearingLink.Event event) implements DaemonProtocol.Command, LocalOnly {}

  /** A batch's write stage completed (with the error if it failed). */
  private record Written(Object incarnation, long batch, Throwable error) implements DaemonProtocol.Command, LocalOnly {}

  private final OrderLog journal;
  private final OrderRouter router;
  private final MarketFeeds feeds;
  private final ClientSessions sessions = new ClientSessions();
  private final LedgerQueries ledgers;
  private final EffectRunner effects;
  private final EmsMeters meters;
  private final JournalOrder order = new JournalOrder();
  /** This incarnation of the actor: a write completed for an earlier one is ignored. */
  private final Object incarnation = new Object();

  /** emsd starts serving once its journal is open and its state recovered (read off the actor's thread). */
  public static Behavior<DaemonProtocol.Command> create(DaemonSpec spec, EmsSettings settings) {
    return DaemonLifetime.createAsync(spec, RECOVERY_TIMEOUT, ctx -> {
      String source = spec.sourceOf(ctx.getSelf());
      return CompletableFuture.supplyAsync(() -> {
        try {
          OrderLog journal = settings.journal().open(ctx.getSystem());
          return new Recovered(journal, journal.recovered());
        } catch (IOException e) {
          // in words for whoever needed emsd: what is wrong with which file, and what to do; a restart
          // would read the same file, so emsd stops until the next request (the user may have fixed it)
          throw new StartRefused(ErrorKind.JOURNAL_UNREADABLE.error("emsd cannot recover its orders: "
              + e.getMessage(), source));
        }
      }, ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking()));
    },
        (ctx, recovered) -> new Emsd(ctx, spec, settings, recovered.journal(), recovered.state()));
  }

  /** An emsd on a journal already open (tests: a journal whose writes complete when the test says). */
  static Behavior<DaemonProtocol.Command> create(DaemonSpec spec, EmsSettings settings, OrderLog journal) {
    return DaemonLifetime.createAsync(spec, RECOVERY_TIMEOUT, ctx -> CompletableFuture.completedFuture(journal),
        (ctx, open) -> new Emsd(ctx, spec, settings, open, open.recovered()));
  }

  private Emsd(ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec, EmsSettings settings, OrderLog journal,
               OrderState state) {
    super(ctx, spec, EndpointTable.served(DaemonKind.EMSD));
    Hello hello = Hello.of(Cookie.read(spec.settings().cookieFile()));
    this.journal = journal;
    this.router = new OrderRouter(settings, state, spec.services().isPresent(), Clock.systemUTC());
    this.feeds = new MarketFeeds(ctx, hello, spec.services(), source());
    this.ledgers = new LedgerQueries(ctx, settings, spec.services(), hello, source(), this::decide);
    ClearingLinks links = new ClearingLinks(ctx, settings, spec.services().orElse(null), hello,
        ctx.messageAdapter(ClearingLink.Event.class, FromLink::new));
    this.meters = new EmsMeters(Metrics.registry(ctx.getSystem()));
    this.effects = new EffectRunner(router.clients(), sessions, links, feeds, ledgers, meters);
    serveSession(Endpoint.OPEN_EMS_DIALOG, RelaySession.to(ctx.getSelf()));
    serveCall(Endpoint.LOAD_LEDGER, ledgers::load);
    decide(new RouterInput.Resume());
  }

  @Override
  protected ReceiveBuilder<DaemonProtocol.Command> receive(ReceiveBuilder<DaemonProtocol.Command> builder) {
    return builder
        .onMessage(RelaySession.Attach.class, this::onAttach)
        .onMessage(RelaySession.Received.class, this::onReceived)
        .onMessage(MarketFeeds.Message.class, this::onFeeds)
        .onMessage(FromLink.class, this::onLink)
        .onMessage(Written.class, this::onWritten)
        .onMessage(LedgerQueries.TimedOut.class, timedOut -> {
          ledgers.timedOut(timedOut);
          return this;
        });
  }

  // ---- the journal

  /** Has the router decide; journals the decision's events and runs its effects once they are written. */
  private void decide(RouterInput input) {
    Decision decision = router.decide(input);
    if (decision.isEmpty()) {
      return;
    }
    if (decision.events().isEmpty()) {
      order.add(decision.effects(), true);
    } else {
      long batch = order.add(decision.effects(), false);
      CompletionStage<Void> written = journal.write(decision.events());
      if (writtenAlready(written)) {
        order.written(batch);
      } else {
        getContext().pipeToSelf(written, (ok, error) -> new Written(incarnation, batch, error));
      }
    }
    runDue();
  }

  /** A write that completed inline (the file journal without group commit) needs no message hop. */
  private static boolean writtenAlready(CompletionStage<Void> written) {
    if (!(written instanceof CompletableFuture<Void> future) || !future.isDone()) {
      return false;
    }
    try {
      future.join();
    } catch (CompletionException | CancellationException e) {
      throw journalFailed(e.getCause() != null ? e.getCause() : e);
    }
    return true;
  }

  private Behavior<DaemonProtocol.Command> onWritten(Written written) {
    if (written.incarnation() != incarnation) {
      // a write of the journal before a restart (the ActorRef outlives it): its batch numbers are not
      // this incarnation's, and the journal recovered at the restart already says what is durable
      return this;
    }
    if (written.error() != null) {
      throw journalFailed(written.error());
    }
    order.written(written.batch());
    runDue();
    return this;
  }

  /** Nothing unwritten may be acted on: emsd restarts and recovers from what the journal holds. */
  private static UncheckedIOException journalFailed(Throwable error) {
    return new UncheckedIOException("emsd's order journal failed a write; restarting from the journal",
        error instanceof IOException io ? io : new IOException(error));
  }

  /** Runs the effects whose events are written, in order, then sends what the clients are owed. */
  private void runDue() {
    List<Effect> due = order.due();
    due.forEach(effects::run);
    sessions.flush();
  }

  @Override
  protected void onTerminated() {
    try {
      journal.close();
    } catch (IOException e) {
      getContext().getLog().warn("closing emsd's journal: {}", e.getMessage());
    }
  }

  // ---- client dialogs

  private Behavior<DaemonProtocol.Command> onAttach(RelaySession.Attach attach) {
    if (!(attach.params() instanceof EmsProtocol.DialogParams params)) {
      attach.session().tell(new RelaySession.Reject(ErrorKind.INVALID_REQUEST.error(
          "open_ems_dialog takes DialogParams", source())));
      return this;
    }
    decide(new RouterInput.Attach(sessions.add(attach.session()), params.accounts()));
    return this;
  }

  @Override
  protected void onSessionEnded(ActorRef<Session.Input> session) {
    ClientId client = sessions.remove(session);
    if (client != null) {
      decide(new RouterInput.Detach(client));
    }
  }

  private Behavior<DaemonProtocol.Command> onReceived(RelaySession.Received received) {
    ClientId client = sessions.idOf(received.session());
    if (client != null) {
      if (received.body() instanceof EmsProtocol.Order order) {
        meters.requested(order, System.nanoTime());
      }
      decide(new RouterInput.FromClient(client, received.body()));
    }
    return this;
  }

  // ---- markets and clearing daemons

  private Behavior<DaemonProtocol.Command> onFeeds(MarketFeeds.Message message) {
    for (MarketFeeds.Update update : feeds.onMessage(message)) {
      if (update instanceof MarketFeeds.Ready ready) {
        decide(new RouterInput.MarketReady(ready.fqme(), ready.mkt(), ready.startup()));
      } else if (update instanceof MarketFeeds.Quotes quotes) {
        decide(new RouterInput.MarketQuotes(quotes.fqme(), quotes.quotes()));
      } else if (update instanceof MarketFeeds.Failed failed) {
        decide(new RouterInput.MarketFailed(failed.fqme(), failed.error()));
      } else if (update instanceof MarketFeeds.Lost lost) {
        decide(new RouterInput.MarketLost(lost.fqme(), lost.error()));
      }
    }
    return this;
  }

  private Behavior<DaemonProtocol.Command> onLink(FromLink from) {
    ClearingLink.Event event = from.event();
    ServiceName link = ServiceName.parse(event.key());
    if (event instanceof ClearingLink.Ready ready) {
      decide(new RouterInput.LinkReady(link, ready.started()));
    } else if (event instanceof ClearingLink.Events events) {
      decide(new RouterInput.LinkEvents(link, events.events()));
    } else if (event instanceof ClearingLink.Reply reply) {
      ledgers.reply(reply.body());
    } else if (event instanceof ClearingLink.Paper paper) {
      decide(new RouterInput.LinkPaper(link, paper.reason()));
    } else if (event instanceof ClearingLink.Lost lost) {
      if (CoordinatedShutdown.get(getContext().getSystem()).getShutdownReason().isPresent()) {
        // the node stops in order, clearing daemons before emsd (architecture.md): expected, not a warning
        getContext().getLog().debug("clearing dialog with {} closed as the node stops: {}", lost.key(),
            lost.error().describe());
      } else {
        getContext().getLog().warn("clearing dialog with {} lost: {}", lost.key(), lost.error().describe());
      }
      decide(new RouterInput.LinkLost(link, lost.error()));
    }
    return this;
  }
}
