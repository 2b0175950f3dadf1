package piker.paperboi;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;
import piker.accounting.AccountWriter;
import piker.accounting.Clear;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.clearing.ClearingProtocol.Statuses;
import piker.contracts.daemon.Cookie;
import piker.contracts.daemon.DaemonBase;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RelaySession;
import piker.contracts.daemon.Session;
import piker.contracts.datad.QuoteFeed;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.EndpointTable;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.MktPair;
import piker.contracts.market.Ticks;
import piker.contracts.names.AccountName;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;

/**
 * {@code paperboi.<broker>}: paper clearing of the broker's paper account against datad's quotes,
 * spawned on emsd's request. It speaks the clearing protocol brokerd speaks, so emsd routes paper and
 * live orders alike. A fill is written to the ledger (fsync) and the account file before emsd hears
 * of it; an oid whose trade is already in the ledger is answered from the ledger, never cleared twice.
 */
public final class Paperboi extends DaemonBase {
  private static final Duration DATAD_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FEED_RETRY = Duration.ofSeconds(1);

  private record DatadFound(ActorRef<DaemonProtocol.Command> datad, RemoteError error)
      implements DaemonProtocol.Command, LocalOnly {}

  private record FromFeed(QuoteFeed.Event event) implements DaemonProtocol.Command, LocalOnly {}

  private record ReopenFeed(Fqme fqme) implements DaemonProtocol.Command, LocalOnly {}

  private record DatadStopped(ActorRef<DaemonProtocol.Command> datad) implements DaemonProtocol.Command, LocalOnly {}

  /** An order waiting for its market's feed to be ready. */
  private record Waiting(ActorRef<Session.Input> dialog, ClearingProtocol.SubmitOrder order) {}

  /** One market: its feed, its book, the orders waiting for it. */
  private static final class Market {
    final PaperBook book = new PaperBook();
    final List<Waiting> waiting = new ArrayList<>();
    ActorRef<QuoteFeed.Command> feed;
    MktPair mkt;
  }

  private final String broker;
  private final Hello hello;
  private final ActorRef<QuoteFeed.Event> feedAdapter;
  private final Map<String, PaperAccount> accounts = new HashMap<>();
  private final Map<ActorRef<Session.Input>, List<String>> dialogs = new LinkedHashMap<>();
  private final Map<Fqme, Market> markets = new HashMap<>();
  /** Which dialog sent each live order: its events go back there. */
  private final Map<String, ActorRef<Session.Input>> orderDialogs = new HashMap<>();
  private final List<Runnable> afterDatad = new ArrayList<>();
  private final AccountWriter accountWriter;
  private ActorRef<DaemonProtocol.Command> datad;
  private boolean lookingForDatad;

  public static Behavior<DaemonProtocol.Command> create(DaemonSpec spec) {
    return DaemonLifetime.create(spec, ctx -> new Paperboi(ctx, spec));
  }

  private Paperboi(ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec) {
    super(ctx, spec, EndpointTable.served(DaemonKind.PAPERBOI));
    this.broker = spec.name().broker();
    this.hello = Hello.of(Cookie.read(spec.settings().cookieFile()));
    this.feedAdapter = ctx.messageAdapter(QuoteFeed.Event.class, FromFeed::new);
    this.accountWriter = new AccountWriter(spec.settings().dataDir());
    ActorRef<DaemonProtocol.Command> self = ctx.getSelf();
    serveSession(Endpoint.OPEN_PAPER_DIALOG, RelaySession.to(self));
    serveCall(Endpoint.LOAD_PAPER_LEDGER, this::loadLedger);
  }

  @Override
  protected ReceiveBuilder<DaemonProtocol.Command> receive(ReceiveBuilder<DaemonProtocol.Command> builder) {
    return builder
        .onMessage(RelaySession.Attach.class, this::onAttach)
        .onMessage(RelaySession.Received.class, this::onFromDialog)
        .onMessage(DatadFound.class, this::onDatadFound)
        .onMessage(FromFeed.class, this::onFeed)
        .onMessage(ReopenFeed.class, this::onReopenFeed)
        .onMessage(DatadStopped.class, this::onDatadStopped);
  }

  @Override
  protected void onTerminated() {
    accountWriter.close();
  }

  // ---- accounts and ledgers

  /** The account, loaded from disk on first use; empty (with why) when it is not this broker's paper account. */
  private PaperAccount account(String name) {
    PaperAccount loaded = accounts.get(name);
    if (loaded != null) {
      return loaded;
    }
    AccountName parsed = AccountName.parse(name);
    if (!parsed.broker().equals(broker) || !parsed.isPaper()) {
      throw new IllegalArgumentException("paperboi." + broker + " clears only " + broker + ".paper, not " + name);
    }
    PaperAccount account = PaperAccount.load(spec.settings().dataDir(), parsed.toString());
    accounts.put(name, account);
    return account;
  }

  private CompletionStage<Payload> loadLedger(Payload request) {
    if (!(request instanceof ClearingProtocol.LedgerRequest ledger) || ledger.account() == null) {
      throw new IllegalArgumentException("load_paper_ledger takes a LedgerRequest with an account");
    }
    // reloaded from disk on every request: the file is the truth, whoever appended to it; one that cannot
    // be read now is refused, and the account loaded before (if any) keeps what this paperboi appended
    PaperAccount previous = accounts.remove(ledger.account());
    try {
      PaperAccount account = account(ledger.account());
      return CompletableFuture.completedFuture(new ClearingProtocol.LedgerReply(account.account(),
          account.ledgerPath().toString(), account.open()));
    } catch (PaperAccount.UnreadableLedger e) {
      if (previous != null) {
        accounts.put(ledger.account(), previous);
      }
      return CompletableFuture.failedFuture(unreadable(e).toException());
    }
  }

  private RemoteError unreadable(PaperAccount.UnreadableLedger e) {
    return RemoteError.of(ClearingProtocol.LEDGER_UNREADABLE, e.getMessage(), source());
  }

  // ---- dialogs

  private Behavior<DaemonProtocol.Command> onAttach(RelaySession.Attach attach) {
    List<ClearingProtocol.PositionUpdate> positions = new ArrayList<>();
    if (!(attach.params() instanceof ClearingProtocol.DialogParams params)) {
      attach.session().tell(new RelaySession.Reject(RemoteError.of("InvalidRequest",
          "open_paper_dialog takes DialogParams", source())));
      return this;
    }
    try {
      for (String name : params.accounts()) {
        positions.addAll(account(name).open());
      }
    } catch (PaperAccount.UnreadableLedger e) {
      // refused, not crashed: emsd ends what it cannot clear with the reason, and the next dialog reads again
      attach.session().tell(new RelaySession.Reject(unreadable(e)));
      return this;
    } catch (RuntimeException e) {
      attach.session().tell(new RelaySession.Reject(RemoteError.of(e, source())));
      return this;
    }
    dialogs.put(attach.session(), params.accounts());
    List<ClearingProtocol.OrderStatus> open = new ArrayList<>();
    markets.values().forEach(market -> market.book.resting().stream()
        .filter(order -> params.accounts().contains(order.account()))
        .forEach(order -> {
          orderDialogs.put(order.oid(), attach.session());
          open.add(status(order, Statuses.OPEN, true, null));
        }));
    attach.session().tell(new RelaySession.Begin(new ClearingProtocol.DialogStarted(positions, open)));
    return this;
  }

  @Override
  protected void onSessionEnded(ActorRef<Session.Input> session) {
    dialogs.remove(session);
    orderDialogs.values().removeIf(session::equals);
  }

  private Behavior<DaemonProtocol.Command> onFromDialog(RelaySession.Received from) {
    if (!dialogs.containsKey(from.session())) {
      return this;
    }
    if (from.body() instanceof ClearingProtocol.SubmitOrder order) {
      onSubmit(from.session(), order);
    } else if (from.body() instanceof ClearingProtocol.CancelOrder cancel) {
      onCancel(from.session(), cancel);
    } else {
      send(from.session(), List.of(new ClearingProtocol.OrderError(null, null,
          "paperboi takes SubmitOrder and CancelOrder, not " + from.body().getClass().getSimpleName())));
    }
    return this;
  }

  private void onSubmit(ActorRef<Session.Input> dialog, ClearingProtocol.SubmitOrder order) {
    String invalid = invalid(dialog, order);
    if (invalid != null) {
      send(dialog, List.of(new ClearingProtocol.OrderError(order.oid(), order.reqid(), invalid)));
      return;
    }
    PaperAccount account = account(order.account());
    PaperAccount.LedgerFills done = account.fillsOf(order.oid());
    if (done.complete() || (!done.clears().isEmpty() && done.filled().compareTo(order.size()) >= 0)) {
      send(dialog, replayed(order.oid(), order.account(), done, account, Statuses.CLOSED, null));
      return;
    }
    orderDialogs.put(order.oid(), dialog);
    Market market = markets.computeIfAbsent(order.fqme(), fqme -> new Market());
    if (market.mkt == null) {
      market.waiting.removeIf(waiting -> waiting.order().oid().equals(order.oid()));
      market.waiting.add(new Waiting(dialog, order));
      ensureFeed(order.fqme(), market);
      return;
    }
    clear(dialog, market, order);
  }

  private String invalid(ActorRef<Session.Input> dialog, ClearingProtocol.SubmitOrder order) {
    if (order.oid() == null || order.oid().isBlank()) {
      return "an order needs an oid";
    }
    if (order.fqme() == null || !order.fqme().broker().equals(broker)) {
      return "paperboi." + broker + " clears only " + broker + " markets, not " + order.fqme();
    }
    if (!"buy".equals(order.action()) && !"sell".equals(order.action())) {
      return "a paper order is a buy or a sell, not " + order.action();
    }
    if (order.price() == null || order.price().signum() < 0 || order.size() == null || order.size().signum() <= 0) {
      return "a paper order needs a price >= 0 and a size > 0";
    }
    if (!Ticks.bounded(order.price()) || !Ticks.bounded(order.size())) {
      return "price or size out of range: " + Ticks.BOUND_RULE;
    }
    if (order.account() == null || !dialogs.get(dialog).contains(order.account())) {
      return "account " + order.account() + " is not one of this dialog's accounts";
    }
    return null;
  }

  private void clear(ActorRef<Session.Input> dialog, Market market, ClearingProtocol.SubmitOrder order) {
    if (!market.mkt.onPriceTick(order.price()) || !market.mkt.onSizeTick(order.size())) {
      orderDialogs.remove(order.oid());
      send(dialog, List.of(new ClearingProtocol.OrderError(order.oid(), order.reqid(),
          "price " + order.price().toPlainString() + " or size " + order.size().toPlainString()
              + " is off the market's ticks")));
      return;
    }
    List<BrokerEvent> events = new ArrayList<>();
    PaperBook.Resting arriving = arriving(order, market.book, events);
    if (arriving.remaining().signum() <= 0) {
      // a modify down to what has filled: nothing is left to clear
      orderDialogs.remove(order.oid());
      events.add(status(arriving, Statuses.CLOSED, false, null));
      send(dialog, events);
      return;
    }
    Optional<PaperBook.Match> taken = market.book.arrive(arriving);
    events.add(status(arriving, Statuses.OPEN, taken.isEmpty(), null));
    if (taken.isEmpty()) {
      send(dialog, events);
      return;
    }
    fill(List.of(taken.get()), market.mkt, events);
  }

  /**
   * The order as it arrives: a modify keeps what its order filled (and the venue's new-order rules); an
   * order paperboi does not hold carries what the ledger has of it (one that filled partly before a
   * restart), those fills replayed for emsd to deduplicate; a new one is acked.
   */
  private PaperBook.Resting arriving(ClearingProtocol.SubmitOrder order, PaperBook book, List<BrokerEvent> events) {
    boolean buy = "buy".equals(order.action());
    Optional<PaperBook.Resting> modified = book.remove(order.oid());
    if (modified.isPresent()) {
      PaperBook.Resting before = modified.get();
      return new PaperBook.Resting(order.oid(), before.reqid(), order.account(), buy, order.price(), order.size(),
          before.filled(), before.fills());
    }
    PaperAccount account = account(order.account());
    PaperAccount.LedgerFills done = account.fillsOf(order.oid());
    if (!done.clears().isEmpty()) {
      events.addAll(replayed(order.oid(), order.account(), done, account, null, null));
    } else {
      events.add(new ClearingProtocol.Ack(order.oid(), reqid(order.oid())));
    }
    return new PaperBook.Resting(order.oid(), reqid(order.oid()), order.account(), buy, order.price(), order.size(),
        done.filled(), done.clears().size());
  }

  private void onCancel(ActorRef<Session.Input> dialog, ClearingProtocol.CancelOrder cancel) {
    for (Market market : markets.values()) {
      Optional<PaperBook.Resting> removed = market.book.remove(String.valueOf(cancel.oid()));
      if (removed.isPresent()) {
        orderDialogs.remove(cancel.oid());
        send(dialog, List.of(status(removed.get(), Statuses.CANCELED, false, "canceled on request")));
        return;
      }
      if (market.waiting.removeIf(waiting -> waiting.order().oid().equals(cancel.oid()))) {
        orderDialogs.remove(cancel.oid());
        send(dialog, List.of(new ClearingProtocol.OrderStatus(cancel.oid(), reqid(cancel.oid()), cancel.account(),
            Statuses.CANCELED, BigDecimal.ZERO, BigDecimal.ZERO, false, "canceled on request")));
        return;
      }
    }
    answerCancelOfNoOpenOrder(dialog, cancel);
  }

  /**
   * A cancel for an order paperboi holds no longer: it filled (its trade is in the ledger, so that is the
   * answer) or it was lost with an earlier paperboi, and then it is canceled: emsd replays only the cancel
   * of an order it was canceling, so a restart never turns a cancel into a fill.
   */
  private void answerCancelOfNoOpenOrder(ActorRef<Session.Input> dialog, ClearingProtocol.CancelOrder cancel) {
    if (cancel.oid() == null || cancel.oid().isBlank()
        || cancel.account() == null || !dialogs.get(dialog).contains(cancel.account())) {
      send(dialog, List.of(new ClearingProtocol.OrderError(cancel.oid(), cancel.reqid(),
          "a cancel needs an oid and one of this dialog's accounts, not " + cancel.account())));
      return;
    }
    PaperAccount account = account(cancel.account());
    PaperAccount.LedgerFills done = account.fillsOf(cancel.oid());
    String reason = "canceled on request; it was not resting";
    send(dialog, done.clears().isEmpty() ? List.of(new ClearingProtocol.OrderStatus(cancel.oid(),
            reqid(cancel.oid()), cancel.account(), Statuses.CANCELED, BigDecimal.ZERO, BigDecimal.ZERO, false, reason))
        : replayed(cancel.oid(), cancel.account(), done, account,
            done.complete() ? Statuses.CLOSED : Statuses.CANCELED, done.complete() ? null : reason));
  }

  // ---- fills

  /**
   * Records the matches' clears (ledger first), then tells each order's dialog: fill, closed when it
   * completes the order, position.
   */
  private void fill(List<PaperBook.Match> matches, MktPair mkt, List<BrokerEvent> leading) {
    Instant now = Instant.now();
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    Map<String, List<Clear>> byAccount = new LinkedHashMap<>();
    for (PaperBook.Match match : matches) {
      PaperBook.Resting order = match.order();
      BigDecimal signed = order.buy() ? match.size() : match.size().negate();
      byAccount.computeIfAbsent(order.account(), a -> new ArrayList<>()).add(new Clear(match.tid(),
          mkt.fqme(), signed, match.price(), cost(match, mkt), now, mkt.bsMktid()));
    }
    Map<String, List<ClearingProtocol.PositionUpdate>> positions = new HashMap<>();
    byAccount.forEach((account, clears) -> positions.put(account, account(account).record(clears)));
    boolean first = true;
    for (PaperBook.Match match : matches) {
      PaperBook.Resting order = match.order();
      List<BrokerEvent> events = new ArrayList<>(first ? leading : List.of());
      first = false;
      events.add(new ClearingProtocol.Fill(order.oid(), order.reqid(), match.tid(),
          order.buy() ? "buy" : "sell", match.price(), match.size(), cost(match, mkt), nanos));
      if (match.completes()) {
        events.add(status(order, Statuses.CLOSED, false, null));
      }
      positions.get(order.account()).stream().filter(p -> p.fqme().equals(mkt.fqme())).forEach(events::add);
      ActorRef<Session.Input> dialog = match.completes() ? orderDialogs.remove(order.oid())
          : orderDialogs.get(order.oid());
      if (dialog != null) {
        send(dialog, events);
      } else {
        getContext().getLog().info("paper order {} filled with no dialog attached; emsd will replay it", order.oid());
      }
    }
    // the ledger is on disk already: the account files follow off the order path
    byAccount.keySet().forEach(account -> accountWriter.write(account, account(account).openPositions()));
  }

  /** The venue charges its taker rate on every fill, maker or taker: so does paper. */
  private static BigDecimal cost(PaperBook.Match match, MktPair mkt) {
    return match.price().multiply(match.size()).multiply(mkt.takerFee());
  }

  /**
   * An order whose trades the ledger already holds: the same fills again (emsd deduplicates them by trade
   * id), then {@code ending} (closed, canceled) with the position, or nothing more while the order goes on.
   */
  private List<BrokerEvent> replayed(String oid, String accountName, PaperAccount.LedgerFills fills,
                                     PaperAccount account, String ending, String reason) {
    String reqid = reqid(oid);
    List<BrokerEvent> events = new ArrayList<>();
    events.add(new ClearingProtocol.Ack(oid, reqid));
    for (Clear clear : fills.clears()) {
      long nanos = clear.dt().getEpochSecond() * 1_000_000_000L + clear.dt().getNano();
      events.add(new ClearingProtocol.Fill(oid, reqid, clear.tid(), clear.size().signum() > 0 ? "buy" : "sell",
          clear.price(), clear.size().abs(), clear.cost(), nanos));
    }
    if (ending != null) {
      events.add(new ClearingProtocol.OrderStatus(oid, reqid, accountName, ending, fills.filled(), BigDecimal.ZERO,
          false, reason));
      events.add(account.position(fills.clears().get(0).fqme()));
    }
    return events;
  }

  // ---- market feeds

  private void ensureFeed(Fqme fqme, Market market) {
    if (market.feed != null) {
      return;
    }
    if (datad == null) {
      afterDatad.add(() -> ensureFeed(fqme, market));
      findDatad();
      return;
    }
    market.feed = getContext().spawnAnonymous(QuoteFeed.create(datad, hello, fqme, feedAdapter),
        DispatcherSelector.sameAsParent());
  }

  private void findDatad() {
    if (lookingForDatad) {
      return;
    }
    Optional<ActorRef<ServicesProtocol.Command>> services = spec.services();
    if (services.isEmpty()) {
      getContext().getSelf().tell(new DatadFound(null, RemoteError.of("NoDatad",
          "this paperboi runs without a service manager: it keeps ledgers but cannot clear", source())));
      return;
    }
    lookingForDatad = true;
    ServiceName name = ServiceName.of(DaemonKind.DATAD, broker);
    getContext().ask(ServicesProtocol.SpawnReply.class, services.get(), DATAD_TIMEOUT,
        replyTo -> new ServicesProtocol.SpawnInternal(name, replyTo),
        (reply, error) -> reply instanceof ServicesProtocol.Spawned spawned ? new DatadFound(spawned.ref(), null)
            : new DatadFound(null, reply instanceof ServicesProtocol.SpawnFailed failed ? failed.error()
                : RemoteError.of(error != null ? error : new IllegalStateException("unexpected " + reply), source())));
  }

  private Behavior<DaemonProtocol.Command> onDatadFound(DatadFound found) {
    lookingForDatad = false;
    List<Runnable> queued = new ArrayList<>(afterDatad);
    afterDatad.clear();
    if (found.error() != null) {
      getContext().getLog().warn("paperboi.{} has no datad: {}", broker, found.error().describe());
      markets.forEach((fqme, market) -> failWaiting(market, found.error()));
      return this;
    }
    datad = found.datad();
    getContext().watchWith(datad, new DatadStopped(datad));
    queued.forEach(Runnable::run);
    return this;
  }

  /** A stopped datad is found (or started) again through the service manager when a feed next needs it. */
  private Behavior<DaemonProtocol.Command> onDatadStopped(DatadStopped stopped) {
    if (stopped.datad().equals(datad)) {
      datad = null;
    }
    return this;
  }

  private Behavior<DaemonProtocol.Command> onFeed(FromFeed from) {
    QuoteFeed.Event event = from.event();
    Market market = markets.get(event.fqme());
    if (market == null) {
      return this;
    }
    if (event instanceof QuoteFeed.Ready ready) {
      market.mkt = ready.mkt();
      if (ready.startup() != null) {
        market.book.startup(ready.startup().bid(), ready.startup().ask());
      }
      List<Waiting> waiting = new ArrayList<>(market.waiting);
      market.waiting.clear();
      waiting.forEach(w -> clear(w.dialog(), market, w.order()));
    } else if (event instanceof QuoteFeed.Quotes quotes) {
      List<PaperBook.Match> matches = new ArrayList<>();
      quotes.quotes().forEach(quote -> matches.addAll(market.book.onQuote(quote)));
      if (!matches.isEmpty()) {
        fill(matches, market.mkt, List.of());
      }
    } else if (event instanceof QuoteFeed.Lost lost) {
      market.feed = null;
      failWaiting(market, lost.error());
      if (!market.book.isEmpty()) {
        getContext().getLog().warn("feed of {} lost ({}); resting paper orders wait for it to reopen",
            lost.fqme(), lost.error().describe());
        getContext().scheduleOnce(FEED_RETRY, getContext().getSelf(), new ReopenFeed(lost.fqme()));
      } else {
        markets.remove(lost.fqme());
      }
    }
    return this;
  }

  private Behavior<DaemonProtocol.Command> onReopenFeed(ReopenFeed reopen) {
    Market market = markets.get(reopen.fqme());
    if (market != null) {
      ensureFeed(reopen.fqme(), market);
    }
    return this;
  }

  private void failWaiting(Market market, RemoteError error) {
    for (Waiting waiting : market.waiting) {
      orderDialogs.remove(waiting.order().oid());
      send(waiting.dialog(), List.of(new ClearingProtocol.OrderError(waiting.order().oid(), waiting.order().reqid(),
          error.message())));
    }
    market.waiting.clear();
  }

  // ---- helpers

  private void send(ActorRef<Session.Input> dialog, List<BrokerEvent> events) {
    dialog.tell(new RelaySession.Deliver(new ClearingProtocol.Events(events)));
  }

  private static ClearingProtocol.OrderStatus status(PaperBook.Resting order, String status, boolean resting,
                                                     String reason) {
    return new ClearingProtocol.OrderStatus(order.oid(), order.reqid(), order.account(), status, order.filled(),
        order.remaining(), resting, reason);
  }

  /** A paper order has one broker order, named after its oid; its trade ids: {@link PaperAccount#tid}. */
  static String reqid(String oid) {
    return "paper-" + oid;
  }
}
