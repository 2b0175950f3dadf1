package piker.paperboi;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.accounting.Clear;
import piker.accounting.Position;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.Ticks;
import piker.contracts.names.AccountName;
import piker.contracts.names.Fqme;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;

/**
 * Paper clearing itself, with no actor and no files: orders, cancels and quotes in; the events for
 * each dialog, the trades to record and the feeds to open out, as {@link Effect}s in the order they
 * must happen. A {@link Record} comes before the events that report its trades: the shell sends
 * nothing that follows a record until that record is in the ledger. {@code D} names a dialog (the
 * actor's session ref; anything in a test).
 *
 * <p>The words of {@link ClearingProtocol} (actions, statuses, accounts) are parsed where an order
 * enters ({@link #submit}, {@link #cancel}) and written where events leave ({@link PaperEvents}); inside,
 * enums and names.
 */
final class PaperClearing<D> {
  private static final Logger LOG = LoggerFactory.getLogger(PaperClearing.class);

  sealed interface Effect<D> permits Send, Record, OpenFeed, CloseFeed {}

  /** Events for one dialog, in order. */
  record Send<D>(D dialog, List<BrokerEvent> events) implements Effect<D> {}

  /** Trades for the account's ledger, and its open positions once they are in (for its account file). */
  record Record<D>(AccountName account, List<Clear> clears, List<Position> openAfter) implements Effect<D> {}

  record OpenFeed<D>(Fqme fqme) implements Effect<D> {}

  /** The market holds nothing any more: its feed may go. */
  record CloseFeed<D>(Fqme fqme) implements Effect<D> {}

  /** A validated order: the wire's words parsed. */
  private record Order(String oid, String reqid, AccountName account, OrderAction action, Fqme fqme,
                       BigDecimal price, BigDecimal size) {}

  /**
   * An order and its dialog, waiting for its market's feed to be ready (or a fresh quote); a modify's order it
   * replaces, taken out of the book meanwhile (null for a new order): it must not fill while the modify waits.
   */
  private record Waiting<D>(D dialog, Order order, PaperBook.Resting replaced) {}

  /** One market: its book, its details once the feed is ready, the orders waiting for that (or a fresh quote). */
  private static final class Market<D> {
    final PaperBook book = PaperBook.create();
    final List<Waiting<D>> waiting = new ArrayList<>();
    MktPair mkt;
    /** datad told of trouble with the stream and no quote has come since: the touch may be minutes old. */
    boolean stale;
  }

  private final String broker;
  private final Clock clock;
  private final Map<AccountName, PaperAccount> accounts = new HashMap<>();
  private final Map<D, Set<AccountName>> dialogs = new LinkedHashMap<>();
  private final Map<Fqme, Market<D>> markets = new HashMap<>();
  /** Which dialog sent each live order: its events go back there. */
  private final Map<String, D> orderDialogs = new HashMap<>();

  PaperClearing(String broker, Clock clock) {
    this.broker = broker;
    this.clock = clock;
  }

  // ---- accounts and dialogs

  Optional<PaperAccount> account(AccountName name) {
    return Optional.ofNullable(accounts.get(name));
  }

  /** An account read from its ledger, new or in place of the one held (its resting orders stay). */
  void adopt(PaperAccount account) {
    accounts.put(account.account(), account);
  }

  /** A dialog for accounts already adopted: their positions and their resting orders, now routed to it. */
  ClearingProtocol.DialogStarted attach(D dialog, Set<AccountName> names) {
    List<ClearingProtocol.PositionUpdate> positions = new ArrayList<>();
    names.forEach(name -> positions.addAll(accounts.get(name).open()));
    dialogs.put(dialog, Set.copyOf(names));
    List<ClearingProtocol.OrderStatus> open = new ArrayList<>();
    markets.values().forEach(market -> market.book.resting().stream()
        .filter(order -> names.contains(order.account()))
        .forEach(order -> {
          orderDialogs.put(order.oid(), dialog);
          open.add(PaperEvents.status(order, VenueOrderStatus.OPEN, true, null));
        }));
    return new ClearingProtocol.DialogStarted(positions, open);
  }

  void detach(D dialog) {
    dialogs.remove(dialog);
    orderDialogs.values().removeIf(dialog::equals);
  }

  boolean attached(D dialog) {
    return dialogs.containsKey(dialog);
  }

  // ---- orders

  List<Effect<D>> submit(D dialog, ClearingProtocol.SubmitOrder submitted) {
    List<Effect<D>> effects = new ArrayList<>();
    String invalid = invalid(dialog, submitted);
    if (invalid != null) {
      effects.add(error(dialog, submitted.oid(), submitted.reqid(), invalid));
      return effects;
    }
    Order order = new Order(submitted.oid(), submitted.reqid(), AccountName.parse(submitted.account()),
        submitted.action(), submitted.fqme(), submitted.price(), submitted.size());
    PaperAccount account = accounts.get(order.account());
    PaperAccount.LedgerFills done = account.fillsOf(order.oid());
    if (done.complete() || (!done.clears().isEmpty() && done.filled().compareTo(order.size()) >= 0)) {
      effects.add(new Send<>(dialog, PaperEvents.replayed(order.oid(), account, done, VenueOrderStatus.CLOSED, null)));
      return effects;
    }
    orderDialogs.put(order.oid(), dialog);
    Market<D> market = markets.computeIfAbsent(order.fqme(), fqme -> new Market<>());
    if (market.mkt == null || market.stale) {
      // an order never takes a touch that may be stale: it waits for the feed, or for the stream's next quote
      PaperBook.Resting replaced = market.book.remove(order.oid()).orElse(null);
      for (Waiting<D> earlier : market.waiting) {
        if (earlier.order().oid().equals(order.oid()) && replaced == null) {
          replaced = earlier.replaced(); // a modify of a modify still waiting replaces the same order
        }
      }
      market.waiting.removeIf(waiting -> waiting.order().oid().equals(order.oid()));
      market.waiting.add(new Waiting<>(dialog, order, replaced));
      if (market.mkt == null) {
        effects.add(new OpenFeed<>(order.fqme()));
      }
      return effects;
    }
    clear(dialog, market, order, null, effects);
    return effects;
  }

  private String invalid(D dialog, ClearingProtocol.SubmitOrder order) {
    if (order.oid() == null || order.oid().isBlank()) {
      return "an order needs an oid";
    }
    if (order.fqme() == null || !order.fqme().broker().equals(broker)) {
      return "paperboi." + broker + " clears only " + broker + " markets, not " + order.fqme();
    }
    if (order.action() == null || !order.action().trades()) {
      return "a paper order is a buy or a sell, not " + (order.action() == null ? null : order.action().wire());
    }
    if (order.price() == null || order.price().signum() < 0 || order.size() == null || order.size().signum() <= 0) {
      return "a paper order needs a price >= 0 and a size > 0";
    }
    if (!Ticks.bounded(order.price()) || !Ticks.bounded(order.size())) {
      return "price or size out of range: " + Ticks.BOUND_RULE;
    }
    if (!ofDialog(dialog, order.account())) {
      return "account " + order.account() + " is not one of this dialog's accounts";
    }
    return null;
  }

  private boolean ofDialog(D dialog, String account) {
    Set<AccountName> names = dialogs.get(dialog);
    return account != null && names != null && names.stream().anyMatch(name -> name.toString().equals(account));
  }

  private void clear(D dialog, Market<D> market, Order order, PaperBook.Resting replaced, List<Effect<D>> effects) {
    if (!market.mkt.onPriceTick(order.price()) || !market.mkt.onSizeTick(order.size())) {
      refuse(dialog, market, order, "price " + order.price().toPlainString() + " or size "
          + order.size().toPlainString() + " is off the market's ticks", effects);
      return;
    }
    if (!market.mkt.reachesMinSize(order.size())) {
      // as the venue would refuse it live (Kraken's ordermin, Binance's LOT_SIZE minQty): paper is no looser
      refuse(dialog, market, order, "size " + order.size().toPlainString() + " is below the market's minimum "
          + "order size " + market.mkt.minSize().toPlainString(), effects);
      return;
    }
    if (!market.mkt.reachesMinNotional(order.price(), order.size())) {
      // as the venue would refuse it live (Binance's NOTIONAL, Kraken's costmin): paper is no looser
      refuse(dialog, market, order, "price × size " + order.price().multiply(order.size()).toPlainString()
          + " is below the market's minimum order value " + market.mkt.minNotional().toPlainString(), effects);
      return;
    }
    if (!market.book.holds(order.price(), order.size())) {
      // the book counts ticks and lots in a long: refuse what it cannot hold rather than fail on it
      refuse(dialog, market, order, "price " + order.price().toPlainString() + " or size "
          + order.size().toPlainString() + " is too large for the market's ticks to count in a 64-bit integer",
          effects);
      return;
    }
    List<BrokerEvent> events = new ArrayList<>();
    PaperBook.Resting arriving = arriving(order, market.book, replaced, events);
    if (arriving.remaining().signum() <= 0) {
      // a modify down to what has filled: nothing is left to clear
      orderDialogs.remove(order.oid());
      events.add(PaperEvents.status(arriving, VenueOrderStatus.CLOSED, false, null));
      effects.add(new Send<>(dialog, events));
      return;
    }
    Optional<PaperBook.Match> taken = market.book.arrive(arriving);
    events.add(PaperEvents.status(arriving, VenueOrderStatus.OPEN, taken.isEmpty(), null));
    if (taken.isEmpty()) {
      effects.add(new Send<>(dialog, events));
      return;
    }
    fill(List.of(taken.get()), market.mkt, events, effects);
  }

  /**
   * The order as it arrives: a modify keeps what its order filled (and the venue's new-order rules); an
   * order paperboi does not hold carries what the ledger has of it (one that filled partly before a
   * restart), those fills replayed for emsd to deduplicate; a new one is acked.
   */
  /**
   * Ends an order in error. A modify of a resting order leaves nothing behind: as at a venue, where a modify is a
   * cancel and a new order, the order it replaced is out of the book (it would fill with no dialog to tell).
   */
  private void refuse(D dialog, Market<D> market, Order order, String reason, List<Effect<D>> effects) {
    market.book.remove(order.oid());
    orderDialogs.remove(order.oid());
    effects.add(error(dialog, order.oid(), order.reqid(), reason));
  }

  private PaperBook.Resting arriving(Order order, PaperBook book, PaperBook.Resting replaced, List<BrokerEvent> events) {
    Optional<PaperBook.Resting> modified = replaced != null ? Optional.of(replaced) : book.remove(order.oid());
    if (modified.isPresent()) {
      PaperBook.Resting before = modified.get();
      return new PaperBook.Resting(order.oid(), before.reqid(), order.account(), order.action(), order.price(),
          order.size(), before.filled(), before.fills());
    }
    PaperAccount account = accounts.get(order.account());
    PaperAccount.LedgerFills done = account.fillsOf(order.oid());
    if (!done.clears().isEmpty()) {
      events.addAll(PaperEvents.replayed(order.oid(), account, done, null, null));
    } else {
      events.add(new ClearingProtocol.Ack(order.oid(), PaperEvents.reqid(order.oid())));
    }
    return new PaperBook.Resting(order.oid(), PaperEvents.reqid(order.oid()), order.account(), order.action(), order.price(),
        order.size(), done.filled(), done.clears().size());
  }

  List<Effect<D>> cancel(D dialog, ClearingProtocol.CancelOrder cancel) {
    String oid = cancel.oid();
    for (Market<D> market : markets.values()) {
      Optional<PaperBook.Resting> removed = market.book.remove(String.valueOf(oid));
      if (removed.isPresent()) {
        orderDialogs.remove(oid);
        return List.of(new Send<>(dialog, List.of(PaperEvents.status(removed.get(), VenueOrderStatus.CANCELED, false,
            "canceled on request"))));
      }
      Optional<Waiting<D>> waiting = market.waiting.stream().filter(w -> w.order().oid().equals(oid)).findFirst();
      if (waiting.isPresent()) {
        market.waiting.remove(waiting.get());
        orderDialogs.remove(oid);
        PaperBook.Resting replaced = waiting.get().replaced();
        return List.of(new Send<>(dialog, List.of(replaced != null
            ? PaperEvents.status(replaced, VenueOrderStatus.CANCELED, false, "canceled on request")
            : PaperEvents.canceled(oid, cancel.account(), "canceled on request"))));
      }
    }
    return List.of(new Send<>(dialog, answerCancelOfNoOpenOrder(dialog, cancel)));
  }

  /**
   * A cancel for an order paperboi holds no longer: it filled (its trade is in the ledger, so that is the
   * answer) or it was lost with an earlier paperboi, and then it is canceled: emsd replays only the cancel
   * of an order it was canceling, so a restart never turns a cancel into a fill.
   */
  private List<BrokerEvent> answerCancelOfNoOpenOrder(D dialog, ClearingProtocol.CancelOrder cancel) {
    if (cancel.oid() == null || cancel.oid().isBlank() || !ofDialog(dialog, cancel.account())) {
      return List.of(new ClearingProtocol.OrderError(cancel.oid(), cancel.reqid(),
          "a cancel needs an oid and one of this dialog's accounts, not " + cancel.account()));
    }
    PaperAccount account = accounts.get(AccountName.parse(cancel.account()));
    PaperAccount.LedgerFills done = account.fillsOf(cancel.oid());
    String reason = "canceled on request; it was not resting";
    if (done.clears().isEmpty()) {
      return List.of(PaperEvents.canceled(cancel.oid(), cancel.account(), reason));
    }
    return PaperEvents.replayed(cancel.oid(), account, done, done.complete() ? VenueOrderStatus.CLOSED : VenueOrderStatus.CANCELED,
        done.complete() ? null : reason);
  }

  // ---- market feeds

  /** The market's feed is ready (again): its touch is the startup quote's, and the waiting orders clear. */
  List<Effect<D>> ready(Fqme fqme, MktPair mkt, Quote startup) {
    List<Effect<D>> effects = new ArrayList<>();
    Market<D> market = markets.get(fqme);
    if (market == null) {
      return effects;
    }
    market.mkt = mkt;
    market.stale = false; // the startup quote is fresh
    market.book.market(mkt);
    if (startup != null) {
      market.book.startup(startup.bid(), startup.ask());
    }
    List<Waiting<D>> waiting = new ArrayList<>(market.waiting);
    market.waiting.clear();
    waiting.forEach(w -> clear(w.dialog(), market, w.order(), w.replaced(), effects));
    return effects;
  }

  List<Effect<D>> quotes(Fqme fqme, List<Quote> quotes) {
    List<Effect<D>> effects = new ArrayList<>();
    Market<D> market = markets.get(fqme);
    if (market == null || market.mkt == null) {
      return effects;
    }
    List<PaperBook.Match> matches = new ArrayList<>();
    quotes.forEach(quote -> matches.addAll(market.book.onQuote(quote)));
    if (!matches.isEmpty()) {
      fill(matches, market.mkt, List.of(), effects);
    }
    if (market.stale && !quotes.isEmpty()) {
      // the stream is back: the orders that came meanwhile arrive now, at the fresh touch
      market.stale = false;
      List<Waiting<D>> waiting = new ArrayList<>(market.waiting);
      market.waiting.clear();
      waiting.forEach(w -> clear(w.dialog(), market, w.order(), w.replaced(), effects));
    }
    return effects;
  }

  /**
   * datad told of trouble with a ready market's stream (a dropped venue link): its touch may be stale, so orders
   * arriving from now on wait for the next quote rather than fill at a price minutes old. Resting orders wait
   * anyway: only quotes fill them.
   */
  void troubled(Fqme fqme, String reason) {
    Market<D> market = markets.get(fqme);
    if (market != null && market.mkt != null && !market.stale) {
      market.stale = true;
      LOG.info("feed of {} in trouble ({}); paper orders arriving wait for its next quote", fqme, reason);
    }
  }

  /**
   * The market's feed failed or was lost: orders waiting for it end in error; resting orders wait for
   * it to reopen, and a market with none is forgotten (its feed closed).
   */
  List<Effect<D>> feedDown(Fqme fqme, String reason) {
    List<Effect<D>> effects = new ArrayList<>();
    Market<D> market = markets.get(fqme);
    if (market == null) {
      return effects;
    }
    for (Waiting<D> waiting : market.waiting) {
      orderDialogs.remove(waiting.order().oid());
      effects.add(error(waiting.dialog(), waiting.order().oid(), waiting.order().reqid(), reason));
    }
    market.waiting.clear();
    if (market.book.isEmpty()) {
      markets.remove(fqme);
      effects.add(new CloseFeed<>(fqme));
    } else {
      market.stale = true; // orders arriving before it reopens wait for its fresh startup quote
      LOG.warn("feed of {} down ({}); resting paper orders wait for it to reopen", fqme, reason);
    }
    return effects;
  }

  // ---- fills

  /**
   * Records the matches' clears (one record per account, before any event), then tells each order's
   * dialog: fill, closed when it completes the order, position.
   */
  private void fill(List<PaperBook.Match> matches, MktPair mkt, List<BrokerEvent> leading, List<Effect<D>> effects) {
    Instant now = clock.instant();
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    Map<AccountName, List<Clear>> byAccount = new LinkedHashMap<>();
    for (PaperBook.Match match : matches) {
      PaperBook.Resting order = match.order();
      BigDecimal signed = order.buy() ? match.size() : match.size().negate();
      byAccount.computeIfAbsent(order.account(), a -> new ArrayList<>()).add(new Clear(match.tid(),
          mkt.fqme(), signed, match.price(), cost(match, mkt), now, mkt.bsMktid()));
    }
    byAccount.forEach((name, clears) -> {
      PaperAccount account = accounts.get(name);
      List<Clear> fresh = account.record(clears);
      if (!fresh.isEmpty()) {
        effects.add(new Record<>(name, fresh, account.openPositions()));
      }
    });
    boolean first = true;
    for (PaperBook.Match match : matches) {
      PaperBook.Resting order = match.order();
      List<BrokerEvent> events = new ArrayList<>(first ? leading : List.of());
      first = false;
      events.add(PaperEvents.fill(order, match.tid(), match.price(), match.size(), cost(match, mkt), nanos));
      if (match.completes()) {
        events.add(PaperEvents.status(order, VenueOrderStatus.CLOSED, false, null));
      }
      events.add(accounts.get(order.account()).position(mkt.fqme()));
      D dialog = match.completes() ? orderDialogs.remove(order.oid()) : orderDialogs.get(order.oid());
      if (dialog != null) {
        effects.add(new Send<>(dialog, events));
      } else {
        LOG.info("paper order {} filled with no dialog attached; emsd will replay it", order.oid());
      }
    }
  }

  /**
   * The fee of a fill at the market's rate for it: an order filled as it arrived took the touch (taker), one filled
   * by a later quote while it rested was a maker.
   */
  private static BigDecimal cost(PaperBook.Match match, MktPair mkt) {
    return match.price().multiply(match.size()).multiply(mkt.feeRate(match.maker()));
  }

  // ---- helpers

  private Send<D> error(D dialog, String oid, String reqid, String message) {
    return new Send<>(dialog, List.of(new ClearingProtocol.OrderError(oid, reqid, message)));
  }
}
