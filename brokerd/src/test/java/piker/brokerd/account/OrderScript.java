package piker.brokerd.account;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.names.AccountName;
import piker.contracts.orders.OrderAction;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;
import piker.contracts.testkit.Markets;

/**
 * A given/when/then script for the account's order logic without an actor: each input's decisions are
 * returned as {@link Effect}s, the venue's answers are fed back by hand, and time is a number the test moves.
 */
final class OrderScript {
  static final AccountName ACCOUNT = AccountName.parse("sim.main");
  static final String MARKET = "btcusdt.spot";

  /** Moves the table does not allow, as reported: every test expects none. */
  final List<String> illegal = new ArrayList<>();
  long nowNanos;
  final LiveOrders orders;
  final Reconciler reconciler;
  /** Every event for emsd so far, in order. */
  final List<BrokerEvent> told = new ArrayList<>();

  OrderScript(Duration neverPlacedAfter) {
    var log = LoggerFactory.getLogger(OrderScript.class);
    orders = new LiveOrders(ACCOUNT, neverPlacedAfter, () -> nowNanos, log,
        (order, from, to) -> illegal.add(from + " -> " + to + ": " + order));
    reconciler = new Reconciler(ACCOUNT, orders, log);
    orders.connected(true);
  }

  /** Runs one input; what it decided (the events are also kept in {@link #told}). */
  List<Effect> when(Consumer<List<Effect>> input) {
    List<Effect> out = new ArrayList<>();
    input.accept(out);
    told.addAll(events(out));
    return out;
  }

  /** A reading of the venue for a dialog start (or a background reconcile); its events kept in {@link #told}. */
  Reconciler.Outcome read(List<ClearingProtocol.KnownOrder> known, VenueSnapshot snapshot, String mismatch) {
    Reconciler.Outcome outcome = reconciler.reconcile(known, snapshot, mismatch, List.of());
    told.addAll(outcome.events());
    return outcome;
  }

  LiveOrder order(String oid) {
    return orders.index().get(oid);
  }

  /** What the placement the effects hold decided, once the market's details are at hand. */
  List<Effect> placeIn(List<Effect> decided) {
    Effect.Place place = only(decided, Effect.Place.class);
    return when(out -> orders.placeIn(place, Markets.BTC_MKT, null, out));
  }

  static <T extends Effect> T only(List<Effect> effects, Class<T> type) {
    List<T> found = effects.stream().filter(type::isInstance).map(type::cast).toList();
    if (found.size() != 1) {
      throw new AssertionError("one " + type.getSimpleName() + " expected in " + effects);
    }
    return found.get(0);
  }

  static List<BrokerEvent> events(List<Effect> effects) {
    List<BrokerEvent> events = new ArrayList<>();
    effects.stream().filter(Effect.Emit.class::isInstance).forEach(emit -> events.addAll(((Effect.Emit) emit).events()));
    return events;
  }

  /** Every event about {@code oid} so far in words, as BrokerdTest tells them: [ack, open resting 0, fill 0.1, ...]. */
  List<String> story(String oid) {
    List<String> story = new ArrayList<>();
    for (BrokerEvent event : told) {
      if (event instanceof ClearingProtocol.Ack ack && oid.equals(ack.oid())) {
        story.add("ack " + ack.reqid());
      } else if (event instanceof ClearingProtocol.OrderStatus status && oid.equals(status.oid())) {
        story.add(status.status().wire() + (status.resting() ? " resting" : "") + " " + plain(status.filled()));
      } else if (event instanceof ClearingProtocol.Fill fill && oid.equals(fill.oid())) {
        story.add("fill " + plain(fill.size()));
      } else if (event instanceof ClearingProtocol.OrderError error && oid.equals(error.oid())) {
        story.add("error");
      } else if (event instanceof ClearingProtocol.Adopted adopted && oid.equals(adopted.oid())) {
        story.add("adopted");
      }
    }
    return story;
  }

  static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  static ClearingProtocol.SubmitOrder buy(String oid, String reqid, String price, String size) {
    return new ClearingProtocol.SubmitOrder(oid, reqid, ACCOUNT.toString(), OrderAction.BUY, Markets.BTC, d(price),
        d(size));
  }

  static LiveOrder.Wanted wanted(String price, String size) {
    return new LiveOrder.Wanted(OrderAction.BUY, Markets.BTC, d(price), d(size));
  }

  /** A venue order of BTC: open while {@code status} is open, with {@code filled} of {@code size} done. */
  static OrderState venue(String id, String clientId, String price, String size, String filled, String status) {
    BigDecimal remaining = OrderState.OPEN.equals(status) ? d(size).subtract(d(filled)) : BigDecimal.ZERO;
    return new OrderState(id, clientId, MARKET, "buy", d(price), d(size), d(filled), remaining, status, 1L);
  }

  static NormTrade trade(String tid, String orderId, String clientId, String size) {
    return new NormTrade(tid, orderId, clientId, MARKET, "BTCUSDT", "buy", d("59000"), d(size), d("0.01"), 1L);
  }

  static ClearingProtocol.KnownOrder known(String oid, String reqid) {
    return new ClearingProtocol.KnownOrder(oid, reqid, ACCOUNT.toString(), false, Markets.BTC);
  }
}
