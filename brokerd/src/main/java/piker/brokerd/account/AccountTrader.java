package piker.brokerd.account;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.clearing.ClearingProtocol.Statuses;
import piker.contracts.market.MktPair;
import piker.contracts.names.Fqme;
import piker.contracts.spi.TradeClient;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderRef;
import piker.contracts.spi.TradeClient.OrderState;
import piker.brokerd.account.OrderTrack.Stage;

/**
 * One live account of brokerd: its logged-in trade client, its ledger (the venue's trades, fsync'd
 * before emsd hears of a fill) and what it knows of each order at the venue. Every venue call is
 * asynchronous and comes back as a message, so the actor never blocks and its state is only touched
 * here.
 *
 * <p>At each dialog start and after every reconnect it reconciles: the venue's open orders, positions
 * and trades are fetched; trades missing from the ledger are appended; orders emsd knows are found at
 * the venue by id (venue order id, else client id = oid), never resubmitted blindly; open orders emsd
 * does not know are adopted; and when the ledger's positions still differ from the venue's the account
 * is blocked for new orders (fail closed) until a later reconcile finds them equal.
 */
public final class AccountTrader extends AbstractBehavior<AccountTrader.Command> {

  public sealed interface Command extends LocalOnly {}

  /** Start (or restart) emsd's dialog for this account: log in if needed, reconcile, answer the parent. */
  public record Open(List<ClearingProtocol.KnownOrder> known) implements Command {}

  public record Submit(ClearingProtocol.SubmitOrder order) implements Command {}

  public record Cancel(ClearingProtocol.CancelOrder cancel) implements Command {}

  /** Sync the ledger from the venue and answer with it. */
  public record SyncLedger(String requestId) implements Command {}

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

  private record Fetched(VenueSnapshot snapshot, Throwable error, boolean forDialog, String syncRequest)
      implements Command {}

  private record VenueOrder(OrderState state) implements Command {}

  private record VenueFill(NormTrade trade) implements Command {}

  private record Disconnected(RemoteError error) implements Command {}

  private record Reconnected() implements Command {}

  private record Placed(String oid, OrderState state, Throwable error) implements Command {}

  private record CancelDone(String oid, OrderState state, Throwable error) implements Command {}

  private record Looked(String oid, Optional<OrderState> state, Throwable error) implements Command {}

  private record MarketLoaded(String bsFqme, MktPair mkt, Throwable error) implements Command {}

  private record AdoptedTrades(String oid, List<NormTrade> trades) implements Command {}

  /** Look an order in doubt up again (its last lookup found the venue unreachable). */
  private record LookAgain(String oid) implements Command {}

  /** Read the venue again: a fill could not be ledgered, so emsd has not heard of it yet. */
  private record Resync() implements Command {}

  private static final java.time.Duration LOOK_AGAIN = java.time.Duration.ofSeconds(1);
  private static final java.time.Duration MAX_RESYNC = java.time.Duration.ofMinutes(1);
  /** Orders remembered, ended ones included (emsd remembers its newest 10,000 done oids too). */
  private static final int MAX_TRACKS = 10_000;

  private final String account;
  private final String broker;
  private final String venueAccount;
  private final java.nio.file.Path dataDir;
  private final Connector connector;
  private final ActorRef<Reply> parent;
  private final Map<String, OrderTrack> tracks = new LinkedHashMap<>();
  /**
   * Client ids that may be at the venue: sent from here, or of orders emsd's journal knows (a restarted
   * brokerd cannot tell whether they left). Not finding one starts {@link #neverPlacedAfter}, counted from
   * the first miss (after the send, so never shorter than counted from it): only then is it placed again.
   */
  private final Map<String, Long> mayBeAtVenue = new HashMap<>();
  private final java.time.Duration neverPlacedAfter;
  private final Map<String, String> oidByVenueId = new HashMap<>();
  private final Map<String, MktPair> markets = new HashMap<>();
  /** Why a market's details could not be had, for the order that needed them (unknown, or no answer). */
  private final Map<String, String> marketProblems = new HashMap<>();
  /** Orders waiting for their market's details from the venue. */
  private final Map<String, List<Runnable>> awaitingMarket = new HashMap<>();
  private final List<ClearingProtocol.KnownOrder> pendingOpen = new ArrayList<>();
  private final AccountBook book;
  /** The login in flight: a trader stopped meanwhile still closes the client it yields. */
  private CompletionStage<TradeClient> opening;
  private TradeClient client;
  private boolean connecting;
  private String blocked;
  private java.time.Duration resyncDelay = LOOK_AGAIN;
  /** A reconcile found a mismatch once: the next one decides (a fill between two venue reads is not one). */
  private boolean mismatchSeen;
  /** The last reconcile's notices, so that each is logged once, not at every reconcile. */
  private List<String> reported = List.of();

  /**
   * @param neverPlacedAfter how long "no such order" must last before an order that may have reached the
   *     venue is judged never placed ({@code piker.brokerd.never-placed-after}): a venue answers "no such
   *     order" for one it holds only just after taking it, and refuses a duplicate client id only among open
   *     orders, so placing again on one such answer could place a filled order twice
   */
  public static Behavior<Command> create(String account, String venueAccount, java.nio.file.Path dataDir,
                                  Connector connector, ActorRef<Reply> parent, java.time.Duration neverPlacedAfter) {
    return Behaviors.setup(ctx -> new AccountTrader(ctx, account, venueAccount, dataDir, connector, parent,
        neverPlacedAfter));
  }

  private AccountTrader(ActorContext<Command> ctx, String account, String venueAccount, java.nio.file.Path dataDir,
                        Connector connector, ActorRef<Reply> parent, java.time.Duration neverPlacedAfter) {
    super(ctx);
    this.neverPlacedAfter = neverPlacedAfter;
    this.account = account;
    this.broker = account.substring(0, account.indexOf('.'));
    this.venueAccount = venueAccount;
    this.dataDir = dataDir;
    this.connector = connector;
    this.parent = parent;
    this.book = new AccountBook(dataDir, account);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Open.class, this::onOpen)
        .onMessage(LoggedIn.class, this::onLoggedIn)
        .onMessage(Fetched.class, this::onFetched)
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(Cancel.class, this::onCancel)
        .onMessage(SyncLedger.class, this::onSyncLedger)
        .onMessage(VenueOrder.class, this::onVenueOrder)
        .onMessage(VenueFill.class, this::onVenueFill)
        .onMessage(Disconnected.class, this::onDisconnected)
        .onMessage(Reconnected.class, this::onReconnected)
        .onMessage(Placed.class, this::onPlaced)
        .onMessage(CancelDone.class, this::onCancelDone)
        .onMessage(Looked.class, this::onLooked)
        .onMessage(MarketLoaded.class, this::onMarketLoaded)
        .onMessage(AdoptedTrades.class, this::onAdoptedTrades)
        .onMessage(LookAgain.class, this::onLookAgain)
        .onMessage(Resync.class, resync -> {
          if (client != null) {
            reconcile(false, null);
          }
          return this;
        })
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, signal -> closeClient())
        .build();
  }

  private Behavior<Command> closeClient() {
    if (client != null) {
      client.close();
    } else if (opening != null) {
      opening.thenAccept(TradeClient::close);
    }
    book.close();
    return this;
  }

  // ---- login and reconcile

  private Behavior<Command> onOpen(Open open) {
    pendingOpen.clear();
    pendingOpen.addAll(open.known());
    open.known().forEach(order -> mayBeAtVenue.putIfAbsent(ClientIds.of(order.oid(),
        tracks.containsKey(order.oid()) ? tracks.get(order.oid()).replacement : 0), null));
    if (client != null) {
      reconcile(true, null);
    } else if (!connecting) {
      connecting = true;
      ActorRef<Command> self = getContext().getSelf();
      TradeClient.TradeListener listener = new TradeClient.TradeListener() {
        @Override
        public void onOrder(OrderState order) {
          self.tell(new VenueOrder(order));
        }

        @Override
        public void onFill(NormTrade trade) {
          self.tell(new VenueFill(trade));
        }

        @Override
        public void onDisconnected(RemoteError error) {
          self.tell(new Disconnected(error));
        }

        @Override
        public void onReconnected() {
          self.tell(new Reconnected());
        }
      };
      try {
        opening = connector.open(venueAccount, listener);
      } catch (RuntimeException e) {
        opening = CompletableFuture.failedFuture(e);
      }
      getContext().pipeToSelf(opening, LoggedIn::new);
    }
    return this;
  }

  private Behavior<Command> onLoggedIn(LoggedIn loggedIn) {
    connecting = false;
    opening = null;
    if (loggedIn.error() != null) {
      parent.tell(new OpenFailed(account, RemoteError.of(loggedIn.error(), source())));
      return this;
    }
    client = loggedIn.client();
    reconcile(true, null);
    return this;
  }

  /** Fetches what the venue holds for the markets brokerd knows (see {@link VenueSnapshot}). */
  private void reconcile(boolean forDialog, String syncRequest) {
    List<ClearingProtocol.KnownOrder> known = forDialog ? List.copyOf(pendingOpen) : knownFromTracks();
    Map<String, OrderRef> refs = new LinkedHashMap<>();
    known.forEach(order -> refs.put(order.oid(), new OrderRef(marketOf(order), order.reqid(),
        order.reqid() == null ? order.oid() : null)));
    Set<String> markets = new TreeSet<>();
    refs.values().stream().map(OrderRef::bsFqme).filter(java.util.Objects::nonNull).forEach(markets::add);
    tracks.values().stream().map(OrderTrack::market).filter(java.util.Objects::nonNull).forEach(markets::add);
    CompletionStage<VenueSnapshot> fetch;
    try {
      markets.addAll(book.markets());
      fetch = VenueSnapshot.fetch(client, markets, refs);
    } catch (IOException | RuntimeException e) {
      fetch = CompletableFuture.failedFuture(e);
    }
    getContext().pipeToSelf(fetch, (snapshot, error) -> new Fetched(snapshot, error, forDialog, syncRequest));
  }

  /** The market an order was sent for: as emsd knows it, else as this trader does; null if neither does. */
  private String marketOf(ClearingProtocol.KnownOrder order) {
    if (order.fqme() != null) {
      return order.fqme().bsFqme();
    }
    OrderTrack track = tracks.get(order.oid());
    return track == null ? null : track.market();
  }

  private List<ClearingProtocol.KnownOrder> knownFromTracks() {
    List<ClearingProtocol.KnownOrder> known = new ArrayList<>();
    tracks.values().stream().filter(track -> track.stage != Stage.DONE || track.closePending).forEach(track -> known.add(
        new ClearingProtocol.KnownOrder(track.oid, track.venueOrderId, account, track.cancelWanted)));
    return known;
  }

  private Behavior<Command> onFetched(Fetched fetched) {
    if (fetched.error() != null) {
      RemoteError error = RemoteError.of(fetched.error(), source());
      if (fetched.syncRequest() != null) {
        parent.tell(new LedgerSynced(account, fetched.syncRequest(), null, error));
      } else if (fetched.forDialog()) {
        parent.tell(new OpenFailed(account, error));
      } else {
        getContext().getLog().warn("reconciling {} failed: {}; trying again", account, error.describe());
        resyncLater();
      }
      return this;
    }
    VenueSnapshot snapshot = fetched.snapshot();
    List<BrokerEvent> events = new ArrayList<>();
    String mismatch;
    try {
      int added = book.sync(snapshot.trades());
      if (added > 0) {
        getContext().getLog().info("ledger of {}: {} venue trades added", account, added);
      }
      AccountBook.Comparison comparison = book.compare(snapshot.positions());
      mismatch = comparison.mismatch();
      report(comparison.notices());
    } catch (IOException | RuntimeException e) {
      RemoteError error = RemoteError.of("LedgerError", "the ledger of " + account + " cannot be synced: "
          + e.getMessage(), source());
      if (fetched.syncRequest() != null) {
        parent.tell(new LedgerSynced(account, fetched.syncRequest(), null, error));
      } else if (fetched.forDialog()) {
        parent.tell(new OpenFailed(account, error));
      } else {
        getContext().getLog().error("{}; trying again", error.describe());
        resyncLater();
      }
      return this;
    }
    if (!decideBlocked(mismatch, events)) {
      reconcile(fetched.forDialog(), fetched.syncRequest()); // read again: that read decides and answers
      return this;
    }
    List<ClearingProtocol.OrderStatus> open = new ArrayList<>();
    if (fetched.syncRequest() == null) {
      applyOrders(fetched.forDialog() ? List.copyOf(pendingOpen) : knownFromTracks(), snapshot, open, events);
    }
    events.addAll(book.positions());
    if (fetched.syncRequest() != null) {
      emit(events);
      parent.tell(new LedgerSynced(account, fetched.syncRequest(), ledgerReply(), null));
    } else if (fetched.forDialog()) {
      pendingOpen.clear();
      parent.tell(new Opened(account, book.positions(), open, events));
    } else {
      emit(events);
    }
    resyncDelay = LOOK_AGAIN;
    warmMarkets(snapshot);
    placeUnplaced();
    return this;
  }

  /** What the books cannot explain but need not block (spot holdings from outside pikerd): logged when it changes. */
  private void report(List<String> notices) {
    if (!notices.equals(reported)) {
      reported = notices;
      notices.forEach(notice -> getContext().getLog().warn("{}", notice));
    }
  }

  /** A reconcile in the background failed: again later, backing off to a minute. */
  private void resyncLater() {
    getContext().scheduleOnce(resyncDelay, getContext().getSelf(), new Resync());
    resyncDelay = resyncDelay.multipliedBy(2).compareTo(MAX_RESYNC) > 0 ? MAX_RESYNC : resyncDelay.multipliedBy(2);
  }

  /**
   * Blocks or unblocks new orders on the books' comparison with the venue; false when a first mismatch
   * asks for a second read (one read may fall between a fill and its trade), which then decides.
   */
  private boolean decideBlocked(String mismatch, List<BrokerEvent> events) {
    if (mismatch != null && !mismatchSeen && blocked == null) {
      mismatchSeen = true;
      return false;
    }
    mismatchSeen = false;
    if (!java.util.Objects.equals(mismatch, blocked)) {
      blocked = mismatch;
      if (mismatch != null) {
        getContext().getLog().error("{}", mismatch);
      } else {
        getContext().getLog().info("positions of {} agree with the venue: live order entry is open", account);
      }
    }
    events.add(new ClearingProtocol.AccountStatus(account, blocked));
    return true;
  }

  /** Known orders found open, found done, or not found; venue orders nobody knows are adopted. */
  private void applyOrders(List<ClearingProtocol.KnownOrder> known, VenueSnapshot snapshot,
                           List<ClearingProtocol.OrderStatus> open, List<BrokerEvent> events) {
    Map<String, OrderState> openByOid = new LinkedHashMap<>();
    for (OrderState state : snapshot.open()) {
      String oid = oidByVenueId.get(state.orderId());
      if (oid == null) {
        oid = known.stream().filter(k -> state.orderId().equals(k.reqid())).map(ClearingProtocol.KnownOrder::oid)
            .findFirst().orElse(null);
      }
      if (oid == null && known.stream().anyMatch(k -> k.oid().equals(ClientIds.oidOf(state.clientId())))) {
        oid = ClientIds.oidOf(state.clientId());
      }
      openByOid.put(oid != null ? oid : "ext:" + state.orderId(), state);
    }
    for (ClearingProtocol.KnownOrder order : known) {
      OrderTrack track = tracks.computeIfAbsent(order.oid(), oid -> new OrderTrack(oid, account));
      track.cancelWanted |= order.canceling();
      OrderState live = openByOid.remove(order.oid());
      if (track.venueOrderId == null && order.reqid() != null && track.stage != Stage.PLACING) {
        track.venueOrderId = order.reqid(); // before the replay: a venue's trades may name the order by its id alone
      }
      replayFills(track, snapshot.trades(), events);
      if (track.stage == Stage.PLACING || track.stage == Stage.CANCELING) {
        continue; // work in flight: its own answer is newer than this snapshot
      }
      Optional<OrderState> found = snapshot.lookedUp().getOrDefault(order.oid(), Optional.empty());
      if (live == null && found.isPresent() && found.get().isOpen()) {
        live = found.get(); // opened after the open-orders read
      }
      if (live != null && track.isEarlier(live)) {
        live = null;
      }
      if (live != null) {
        bind(track, live);
        track.filledBefore = filledBefore(track.oid, live.orderId(), snapshot.trades());
        track.stage = Stage.LIVE;
        ClearingProtocol.OrderStatus status = status(track, Statuses.OPEN, null);
        open.add(status);
        events.add(new ClearingProtocol.Ack(track.oid, live.orderId()));
        if (!Statuses.OPEN.equals(track.reported)) {
          track.reported = Statuses.OPEN;
          events.add(status);
        }
        if (track.cancelWanted) {
          sendCancel(track);
        }
        continue;
      }
      if (found.isPresent() && !track.isEarlier(found.get())) {
        bind(track, found.get());
        track.filledBefore = filledBefore(track.oid, found.get().orderId(), snapshot.trades());
        finish(track, events, found.get().status().equals(OrderState.FILLED) ? null : "canceled at the venue");
      } else if (track.stage != Stage.LIVE && track.stage != Stage.DONE) {
        if (track.cancelWanted) {
          track.stage = Stage.UNPLACED;
          finishCanceled(track, events, "canceled before it reached the venue");
        } else {
          judgeNotFound(track); // placed (placeUnplaced) only once judged never placed
        }
      }
    }
    openByOid.forEach((oid, state) -> {
      // a known order the open-orders read could not name (its client id unreadable) was bound by its lookup
      if (oid.startsWith("ext:") && !tracks.containsKey(oid) && !oidByVenueId.containsKey(state.orderId())) {
        OrderTrack adopted = adopt(oid, state, events);
        replayFills(adopted, snapshot.trades(), events);
      }
    });
  }

  /**
   * What an order's earlier venue orders filled (a modify replaces the venue order): from the venue's
   * trades, so it holds after any restart.
   */
  private static BigDecimal filledBefore(String oid, String currentOrderId, List<NormTrade> trades) {
    BigDecimal filled = BigDecimal.ZERO;
    for (NormTrade trade : trades) {
      if (oid.equals(ClientIds.oidOf(trade.clientId())) && !trade.orderId().equals(currentOrderId)) {
        filled = filled.add(trade.size());
      }
    }
    return filled;
  }

  /** Fills of the order emsd may have missed (emsd drops any it has by trade id). */
  private void replayFills(OrderTrack track, List<NormTrade> trades, List<BrokerEvent> events) {
    for (NormTrade trade : trades) {
      if (track.oid.equals(ClientIds.oidOf(trade.clientId())) || trade.orderId().equals(track.venueOrderId)) {
        track.tell(trade.tradeId(), trade.size());
        events.add(fill(track.oid, trade));
      }
    }
  }

  /** A venue order nobody here placed: emsd adopts it with nothing filled, and its fills follow by trade id. */
  private OrderTrack adopt(String oid, OrderState state, List<BrokerEvent> events) {
    OrderTrack track = new OrderTrack(oid, account);
    tracks.put(oid, track);
    bind(track, state);
    track.stage = state.isOpen() ? Stage.LIVE : Stage.DONE;
    track.reported = Statuses.OPEN;
    getContext().getLog().info("{}: adopted venue order {} as {}", account, state.orderId(), oid);
    events.add(new ClearingProtocol.Adopted(oid, state.orderId(), account, state.side(), fqme(state.bsFqme()),
        state.price(), state.size(), state.filled()));
    return track;
  }

  private void bind(OrderTrack track, OrderState state) {
    if (track.isEarlier(state)) {
      return; // a replaced venue order never comes back as the current one
    }
    if (track.venueOrderId != null && !track.venueOrderId.equals(state.orderId())) {
      oidByVenueId.remove(track.venueOrderId);
      track.venue = null;
    }
    mayBeAtVenue.remove(state.clientId()); // found: no longer a question
    int replacement = ClientIds.replacementOf(state.clientId());
    if (replacement > track.replacement) {
      track.replacement = replacement;
    }
    track.see(state);
    oidByVenueId.put(state.orderId(), track.oid);
  }

  private void warmMarkets(VenueSnapshot snapshot) {
    snapshot.open().forEach(state -> market(state.bsFqme(), () -> { }));
    snapshot.positions().stream().filter(position -> position.size().signum() != 0)
        .forEach(position -> market(position.bsFqme(), () -> { }));
  }

  // ---- orders from emsd

  private Behavior<Command> onSubmit(Submit submit) {
    ClearingProtocol.SubmitOrder order = submit.order();
    OrderTrack track = tracks.get(order.oid());
    if (track == null) {
      if (blocked != null) {
        emit(List.of(new ClearingProtocol.OrderError(order.oid(), null, blocked)));
        return this;
      }
      track = new OrderTrack(order.oid(), account);
      tracks.put(order.oid(), track);
    }
    track.wanted = order;
    switch (track.stage) {
      case UNPLACED -> place(track);
      case LIVE -> replaceIfChanged(track);
      case DONE -> tellEnded(track);
      default -> { } // in flight or in doubt: the latest wish is applied when it lands
    }
    return this;
  }

  /** What an ended order was, told again to an emsd that asks again; nothing while its fills are on the way. */
  private void tellEnded(OrderTrack track) {
    if (track.reported == null) {
      return; // closed follows its last fill
    }
    emit(List.of(OrderTrack.ERROR.equals(track.reported)
        ? new ClearingProtocol.OrderError(track.oid, track.venueOrderId, track.errorReason)
        : status(track, track.reported, null)));
  }

  private void errorOut(OrderTrack track, String reason) {
    mayBeAtVenue.remove(ClientIds.of(track.oid, track.replacement)); // refused: it is not at the venue
    track.stage = Stage.DONE;
    track.reported = OrderTrack.ERROR;
    track.errorReason = reason;
    emit(List.of(new ClearingProtocol.OrderError(track.oid, track.venueOrderId, reason)));
  }

  private void place(OrderTrack track) {
    if (client == null) {
      return; // placed when the venue is back (placeUnplaced)
    }
    ClearingProtocol.SubmitOrder order = track.wanted;
    String bsFqme = order.fqme().bsFqme();
    track.stage = Stage.PLACING;
    market(bsFqme, () -> {
      MktPair mkt = markets.get(bsFqme);
      String refused = mkt == null ? "not placed: the venue gave no details of " + order.fqme() + " ("
          + marketProblems.getOrDefault(bsFqme, "no answer") + ")"
          : !mkt.onPriceTick(order.price()) ? "price " + order.price().toPlainString() + " is off the venue's tick "
              + mkt.priceTick().toPlainString()
          : null;
      BigDecimal size = order.size().subtract(track.filledBefore);
      if (refused != null || size.signum() <= 0) {
        errorOut(track, refused != null ? refused : "nothing left to place: " + track.filledBefore.toPlainString()
            + " filled");
        return;
      }
      TradeClient.NewOrder venueOrder = new TradeClient.NewOrder(ClientIds.of(track.oid, track.replacement), bsFqme,
          order.action(), order.price(), size);
      mayBeAtVenue.put(venueOrder.clientId(), null);
      getContext().pipeToSelf(client.submit(venueOrder), (state, error) -> new Placed(track.oid, state, error));
    });
  }

  private Behavior<Command> onPlaced(Placed placed) {
    OrderTrack track = tracks.get(placed.oid());
    if (track == null) {
      return this;
    }
    if (placed.error() != null) {
      RemoteError error = RemoteError.of(placed.error(), source());
      if ("DuplicateClientId".equals(error.type()) || "VenueTimeout".equals(error.type())
          || "VenueDisconnected".equals(error.type())) {
        // the venue may hold it after all: find it by its client id rather than place it again
        lookUpByClientId(track);
      } else {
        errorOut(track, "the venue refused the order: " + error.describe());
      }
      return this;
    }
    landed(track, placed.state(), new ArrayList<>());
    return this;
  }

  /** A placement whose venue order is now known: ack, open, and any wish that waited for it. */
  private void landed(OrderTrack track, OrderState state, List<BrokerEvent> events) {
    if (track.replacing && !track.cancelWanted && OrderState.CANCELED.equals(state.status())) {
      track.see(state);
      replace(track); // a modify's cancel took effect though its answer was lost
      return;
    }
    track.replacing = false;
    bind(track, state);
    track.stage = Stage.LIVE;
    events.add(new ClearingProtocol.Ack(track.oid, state.orderId()));
    if (state.isOpen() && !Statuses.OPEN.equals(track.reported)) {
      track.reported = Statuses.OPEN;
      events.add(status(track, Statuses.OPEN, null, state.filled().signum() == 0));
    } else if (!state.isOpen()) {
      finish(track, events, "canceled at the venue");
    }
    emit(events);
    if (track.stage == Stage.LIVE && track.cancelWanted) {
      sendCancel(track);
    } else if (track.stage == Stage.LIVE) {
      replaceIfChanged(track);
    }
  }

  private void lookUpByClientId(OrderTrack track) {
    String clientId = ClientIds.of(track.oid, track.replacement);
    getContext().pipeToSelf(client.order(OrderRef.byClientId(track.market(), clientId)),
        (state, error) -> new Looked(track.oid, state, error));
  }

  private Behavior<Command> onLookAgain(LookAgain again) {
    OrderTrack track = tracks.get(again.oid());
    if (track != null && track.stage == Stage.IN_DOUBT && client != null) {
      String clientId = track.venueOrderId == null ? ClientIds.of(track.oid, track.replacement) : null;
      getContext().pipeToSelf(client.order(new OrderRef(track.market(), track.venueOrderId, clientId)),
          (state, error) -> new Looked(track.oid, state, error));
    }
    return this;
  }

  private Behavior<Command> onLooked(Looked looked) {
    OrderTrack track = tracks.get(looked.oid());
    if (track == null || (track.stage != Stage.IN_DOUBT && track.stage != Stage.PLACING)) {
      return this; // settled meanwhile (an event, a reconcile): this answer is older
    }
    if (looked.error() != null) {
      // it may be at the venue: never placed again, never called canceled, until a lookup tells
      track.stage = Stage.IN_DOUBT;
      getContext().getLog().warn("{}: order {} is in doubt until the venue answers: {}", account, track.oid,
          RemoteError.of(looked.error(), source()).describe());
      getContext().scheduleOnce(LOOK_AGAIN, getContext().getSelf(), new LookAgain(track.oid));
      return this;
    }
    if (looked.state().isPresent()) {
      landed(track, looked.state().get(), new ArrayList<>());
    } else if (track.cancelWanted) {
      finishAndEmit(track, "canceled before it reached the venue");
    } else if (judgeNotFound(track) && track.wanted != null) {
      place(track);
    }
    return this;
  }

  /**
   * An order the venue says it does not hold: UNPLACED (true) when it never left here or "not found" has
   * lasted {@link #neverPlacedAfter}; else IN_DOUBT (false), looked up again a second later.
   */
  private boolean judgeNotFound(OrderTrack track) {
    String clientId = ClientIds.of(track.oid, track.replacement);
    if (mayBeAtVenue.containsKey(clientId)) {
      long now = System.nanoTime();
      Long since = mayBeAtVenue.get(clientId);
      if (since == null) {
        mayBeAtVenue.put(clientId, now);
        since = now;
      }
      if (now - since < neverPlacedAfter.toNanos()) {
        track.stage = Stage.IN_DOUBT;
        getContext().scheduleOnce(LOOK_AGAIN, getContext().getSelf(), new LookAgain(track.oid));
        return false;
      }
      mayBeAtVenue.remove(clientId);
      getContext().getLog().warn("{}: order {} ({}) not found at the venue for {} s: never placed", account,
          track.oid, clientId, neverPlacedAfter.toSeconds());
    }
    track.stage = Stage.UNPLACED;
    return true;
  }

  private void replaceIfChanged(OrderTrack track) {
    ClearingProtocol.SubmitOrder wanted = track.wanted;
    OrderState now = track.venue;
    if (wanted == null || now == null || !now.isOpen()) {
      return;
    }
    boolean samePrice = wanted.price().compareTo(now.price()) == 0;
    boolean sameSize = wanted.size().compareTo(track.filledBefore.add(now.size())) == 0;
    if (samePrice && sameSize) {
      return;
    }
    track.replacing = true;
    sendCancel(track);
  }

  private Behavior<Command> onCancel(Cancel cancel) {
    ClearingProtocol.CancelOrder order = cancel.cancel();
    OrderTrack track = tracks.get(order.oid());
    if (track == null) {
      track = new OrderTrack(order.oid(), account);
      track.venueOrderId = order.reqid();
      tracks.put(order.oid(), track);
      track.cancelWanted = true;
      // not known here (a restarted brokerd): find it by id first, never guess
      OrderTrack unknown = track;
      unknown.stage = Stage.PLACING;
      // a cancel names no market: the venue order id (set for an order emsd heard acked) must find it
      OrderRef ref = new OrderRef(null, order.reqid(), order.reqid() == null ? order.oid() : null);
      getContext().pipeToSelf(client == null ? CompletableFuture.failedFuture(new IllegalStateException(
              "not connected")) : client.order(ref),
          (state, error) -> new Looked(unknown.oid, state, error));
      return this;
    }
    track.cancelWanted = true;
    track.replacing = false;
    switch (track.stage) {
      case LIVE -> sendCancel(track);
      case UNPLACED -> finishAndEmit(track, "canceled before it reached the venue");
      case DONE -> tellEnded(track);
      default -> { } // in flight or in doubt: canceled once it is known
    }
    return this;
  }

  private void finishAndEmit(OrderTrack track, String reason) {
    List<BrokerEvent> events = new ArrayList<>();
    finishCanceled(track, events, reason);
    emit(events);
  }

  private void sendCancel(OrderTrack track) {
    if (client == null || track.venueOrderId == null) {
      return;
    }
    track.stage = Stage.CANCELING;
    getContext().pipeToSelf(client.cancel(track.venueOrderId), (state, error) -> new CancelDone(track.oid, state,
        error));
  }

  private Behavior<Command> onCancelDone(CancelDone done) {
    OrderTrack track = tracks.get(done.oid());
    if (track == null || track.stage != Stage.CANCELING) {
      return this; // settled meanwhile: this answer is older
    }
    List<BrokerEvent> events = new ArrayList<>();
    if (done.error() != null) {
      // NotOpen: it filled first; anything else: look it up rather than guess. Where it stands decides
      // whether the cancel goes again or a modify goes on (replacing stays set); a second later, so a
      // venue that keeps refusing is not hammered.
      track.stage = Stage.IN_DOUBT;
      getContext().scheduleOnce(LOOK_AGAIN, getContext().getSelf(), new LookAgain(track.oid));
      return this;
    }
    track.see(done.state());
    if (track.replacing && !track.cancelWanted) {
      replace(track);
      return this;
    }
    track.replacing = false;
    finish(track, events, "canceled on request");
    emit(events);
    return this;
  }

  /** The venue order a modify canceled is done: what it filled counts, and the replacement goes out. */
  private void replace(OrderTrack track) {
    track.replacing = false;
    track.filledBefore = track.filledBefore.add(track.venue.filled());
    oidByVenueId.remove(track.venue.orderId());
    track.venue = null;
    track.venueOrderId = null;
    track.replacement++;
    track.stage = Stage.UNPLACED;
    place(track);
  }

  /** Places what waits for the venue (orders in doubt that a lookup found absent, or sent while it was away). */
  private void placeUnplaced() {
    tracks.values().stream().filter(track -> track.stage == Stage.UNPLACED && track.wanted != null
        && !track.cancelWanted).toList().forEach(this::place);
  }

  // ---- venue events

  private Behavior<Command> onVenueOrder(VenueOrder event) {
    OrderState state = event.state();
    OrderTrack track = trackOf(state);
    if (track == null) {
      if (state.isOpen()) {
        List<BrokerEvent> events = new ArrayList<>();
        OrderTrack adopted = adopt("ext:" + state.orderId(), state, events);
        emit(events);
        // its earlier fills went by before it was known here: fetch them, emsd counts each once
        getContext().pipeToSelf(client.orderTrades(OrderRef.byVenueId(state.bsFqme(), state.orderId())),
            (trades, error) -> new AdoptedTrades(adopted.oid, trades == null ? List.of() : trades));
      }
      return this;
    }
    boolean current = track.venueOrderId != null ? track.venueOrderId.equals(state.orderId())
        : ClientIds.replacementOf(state.clientId()) == track.replacement;
    if (!current || track.stage == Stage.DONE) {
      return this; // a replaced venue order's last word, or an end told already
    }
    if (track.stage == Stage.IN_DOUBT) {
      landed(track, state, new ArrayList<>()); // the venue itself says where it stands
      return this;
    }
    bind(track, state);
    List<BrokerEvent> events = new ArrayList<>();
    if (!state.isOpen() && track.stage != Stage.CANCELING) {
      finish(track, events, "canceled at the venue");
    } else if (state.isOpen() && track.stage == Stage.LIVE && !Statuses.OPEN.equals(track.reported)) {
      track.reported = Statuses.OPEN;
      events.add(status(track, Statuses.OPEN, null, state.filled().signum() == 0));
    }
    emit(events);
    return this;
  }

  private OrderTrack trackOf(OrderState state) {
    String oid = oidByVenueId.get(state.orderId());
    if (oid == null) {
      String fromClientId = ClientIds.oidOf(state.clientId());
      return fromClientId == null ? null : tracks.get(fromClientId);
    }
    return tracks.get(oid);
  }

  private Behavior<Command> onVenueFill(VenueFill event) {
    NormTrade trade = event.trade();
    String oid = oidByVenueId.get(trade.orderId());
    if (oid == null) {
      oid = tracks.containsKey(ClientIds.oidOf(trade.clientId())) ? ClientIds.oidOf(trade.clientId())
          : "ext:" + trade.orderId();
    }
    List<BrokerEvent> events = new ArrayList<>();
    try {
      record(trade, events);
    } catch (IOException e) {
      // the fill stays at the venue: the next reconcile appends it; emsd must not hear of it before
      getContext().getLog().error("{}: cannot write trade {} to the ledger: {}", account, trade.tradeId(),
          e.getMessage());
      resyncLater();
      return this;
    }
    OrderTrack track = tracks.get(oid);
    if (track == null || track.tell(trade.tradeId(), trade.size())) {
      events.add(0, fill(oid, trade));
    }
    if (track != null && track.closePending && track.allFillsTold()) {
      finish(track, events, null);
    }
    emit(events);
    return this;
  }

  /** Ledger first (fsync), then positions: what emsd hears is already durable. */
  private void record(NormTrade trade, List<BrokerEvent> events) throws IOException {
    book.record(trade).ifPresent(events::add);
  }

  private Behavior<Command> onAdoptedTrades(AdoptedTrades adopted) {
    OrderTrack track = tracks.get(adopted.oid());
    if (track != null) {
      List<BrokerEvent> events = new ArrayList<>();
      replayFills(track, adopted.trades(), events);
      emit(events);
    }
    return this;
  }

  private Behavior<Command> onDisconnected(Disconnected disconnected) {
    if ("InvalidKey".equals(disconnected.error().type())) {
      // the key was revoked while logged in: this trader stops, brokerd ends emsd's dialog, and the
      // dialog reopened for the orders emsd holds is refused for the key, as any order will be
      getContext().getLog().error("{}: the venue refused the api key when logging in again; the trader stops",
          account);
      return Behaviors.stopped();
    }
    getContext().getLog().warn("{}: venue link lost ({}); orders wait for it", account,
        disconnected.error().describe());
    return this;
  }

  private Behavior<Command> onReconnected(Reconnected reconnected) {
    getContext().getLog().info("{}: venue link back; reconciling", account);
    reconcile(false, null);
    return this;
  }

  // ---- ledger

  private Behavior<Command> onSyncLedger(SyncLedger sync) {
    if (client == null) {
      parent.tell(new LedgerSynced(account, sync.requestId(), null, RemoteError.of("NotConnected",
          "brokerd." + broker + " has no venue link for " + account + " yet", source())));
      return this;
    }
    reconcile(false, sync.requestId());
    return this;
  }

  private ClearingProtocol.LedgerReply ledgerReply() {
    try {
      return book.reply();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // the ledger was just synced: it is open
    }
  }

  // ---- markets

  /** Runs {@code then} once the market's details from the venue are cached (brokerd's own cache). */
  private void market(String bsFqme, Runnable then) {
    if (markets.containsKey(bsFqme)) {
      then.run();
      return;
    }
    List<Runnable> waiting = awaitingMarket.get(bsFqme);
    if (waiting != null) {
      waiting.add(then);
      return;
    }
    waiting = new ArrayList<>();
    waiting.add(then);
    awaitingMarket.put(bsFqme, waiting);
    getContext().pipeToSelf(client.market(bsFqme), (mkt, error) -> new MarketLoaded(bsFqme, mkt, error));
  }

  private Behavior<Command> onMarketLoaded(MarketLoaded loaded) {
    if (loaded.mkt() != null) {
      markets.put(loaded.bsFqme(), loaded.mkt());
      marketProblems.remove(loaded.bsFqme());
    } else {
      marketProblems.put(loaded.bsFqme(), RemoteError.of(loaded.error(), source()).describe());
    }
    List<Runnable> waiting = awaitingMarket.remove(loaded.bsFqme());
    if (waiting != null) {
      waiting.forEach(Runnable::run);
    }
    return this;
  }

  // ---- events to emsd

  /** The venue order ended: closed once every fill was told (its fill events may still be on the way). */
  private void finish(OrderTrack track, List<BrokerEvent> events, String reason) {
    if (track.venue != null && track.venue.status().equals(OrderState.FILLED)) {
      track.stage = Stage.DONE;
      track.closePending = !track.allFillsTold();
      if (!track.closePending && !Statuses.CLOSED.equals(track.reported)) {
        track.reported = Statuses.CLOSED;
        events.add(status(track, Statuses.CLOSED, null));
      }
    } else {
      finishCanceled(track, events, reason);
    }
  }

  private void finishCanceled(OrderTrack track, List<BrokerEvent> events, String reason) {
    track.stage = Stage.DONE;
    if (!Statuses.CANCELED.equals(track.reported)) {
      track.reported = Statuses.CANCELED;
      events.add(status(track, Statuses.CANCELED, reason));
    }
  }

  private ClearingProtocol.OrderStatus status(OrderTrack track, String status, String reason) {
    return status(track, status, reason, false);
  }

  private ClearingProtocol.OrderStatus status(OrderTrack track, String status, String reason, boolean resting) {
    BigDecimal size = track.wanted != null ? track.wanted.size()
        : track.venue != null ? track.filledBefore.add(track.venue.size()) : BigDecimal.ZERO;
    BigDecimal filled = track.filled();
    BigDecimal remaining = Statuses.OPEN.equals(status) ? size.subtract(filled).max(BigDecimal.ZERO) : BigDecimal.ZERO;
    return new ClearingProtocol.OrderStatus(track.oid, track.venueOrderId, account, status, filled, remaining,
        resting, reason);
  }

  private ClearingProtocol.Fill fill(String oid, NormTrade trade) {
    return new ClearingProtocol.Fill(oid, trade.orderId(), trade.tradeId(), trade.side(), trade.price(),
        trade.size(), trade.fee(), trade.timeNs());
  }

  private void emit(List<BrokerEvent> events) {
    if (!events.isEmpty()) {
      parent.tell(new Emit(account, List.copyOf(events)));
    }
    if (tracks.size() > MAX_TRACKS) {
      forgetOldestEnded();
    }
  }

  /**
   * Keeps a long-running brokerd's memory bounded: the oldest ended orders go (a tenth at a time). One
   * asked about again is found at the venue by its client id, as after a restart.
   */
  private void forgetOldestEnded() {
    int excess = tracks.size() - MAX_TRACKS + MAX_TRACKS / 10;
    var oldest = tracks.values().iterator();
    while (excess > 0 && oldest.hasNext()) {
      OrderTrack track = oldest.next();
      if (track.stage == Stage.DONE && !track.closePending) {
        oldest.remove();
        if (track.venueOrderId != null) {
          oidByVenueId.remove(track.venueOrderId);
        }
        excess--;
      }
    }
  }

  private Fqme fqme(String bsFqme) {
    return book.fqme(bsFqme);
  }

  /** Errors name brokerd by its logical name: its actor path is not for anyone's eyes. */
  private String source() {
    return "brokerd." + broker;
  }
}
