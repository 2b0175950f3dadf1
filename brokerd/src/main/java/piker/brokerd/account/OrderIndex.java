package piker.brokerd.account;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.names.AccountName;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * An account's live orders by oid (oldest first) and by venue order id, and the client ids that may be at
 * the venue; plain code, owned by {@link LiveOrders}.
 */
final class OrderIndex {
  /** Orders remembered, ended ones included (emsd remembers its newest 10,000 done oids too). */
  static final int MAX_ORDERS = 10_000;

  private final AccountName account;
  private final LiveOrder.IllegalMoves illegal;
  private final Map<String, LiveOrder> orders = new LinkedHashMap<>();
  /**
   * Client ids that may be at the venue: sent from here, or of orders emsd's journal knows (a restarted
   * brokerd cannot tell whether they left), each with the time "not found" was first heard (null before).
   */
  private final Map<String, Long> mayBeAtVenue = new HashMap<>();
  private final Map<String, String> oidByVenueId = new HashMap<>();

  OrderIndex(AccountName account, LiveOrder.IllegalMoves illegal) {
    this.account = account;
    this.illegal = illegal;
  }

  LiveOrder get(String oid) {
    return orders.get(oid);
  }

  LiveOrder getOrCreate(String oid) {
    return orders.computeIfAbsent(oid, id -> new LiveOrder(id, illegal));
  }

  boolean knowsVenueId(String venueOrderId) {
    return oidByVenueId.containsKey(venueOrderId);
  }

  String oidOfVenueId(String venueOrderId) {
    return oidByVenueId.get(venueOrderId);
  }

  /** The orders emsd's journal knows may be at the venue: placed again only once the window says never placed. */
  void expect(List<ClearingProtocol.KnownOrder> known) {
    known.forEach(order -> {
      LiveOrder mine = orders.get(order.oid());
      mayBeAtVenue.putIfAbsent(ClientIds.of(order.oid(), mine == null ? 0 : mine.replacement), null);
    });
  }

  /** Orders not ended (or whose close waits for fills), as a reconcile in the background checks them. */
  List<ClearingProtocol.KnownOrder> known() {
    return orders.values().stream().filter(order -> order.stage() != OrderStage.DONE).map(order ->
        new ClearingProtocol.KnownOrder(order.oid, order.venueOrderId, account.toString(), order.cancelWanted))
        .toList();
  }

  /** The market an order was sent for: as emsd knows it, else as this account does; null if neither does. */
  String marketOf(ClearingProtocol.KnownOrder order) {
    if (order.fqme() != null) {
      return order.fqme().bsFqme();
    }
    LiveOrder mine = orders.get(order.oid());
    return mine == null ? null : mine.market();
  }

  /** The markets of the orders known here. */
  Set<String> markets() {
    Set<String> markets = new TreeSet<>();
    orders.values().stream().map(LiveOrder::market).filter(Objects::nonNull).forEach(markets::add);
    return markets;
  }

  LiveOrder orderOf(OrderState state) {
    String oid = oidByVenueId.get(state.orderId());
    if (oid == null) {
      String fromClientId = ClientIds.oidOf(state.clientId());
      return fromClientId == null ? null : orders.get(fromClientId);
    }
    return orders.get(oid);
  }

  /** The oid a venue fill belongs to, decided as it arrives (before its ledger write): ours, else {@code ext:}. */
  String oidOfFill(NormTrade trade) {
    String oid = oidByVenueId.get(trade.orderId());
    if (oid != null) {
      return oid;
    }
    String fromClientId = ClientIds.oidOf(trade.clientId());
    return fromClientId != null && orders.containsKey(fromClientId) ? fromClientId : "ext:" + trade.orderId();
  }

  /** The venue order {@code state} now carries the order. */
  void bind(LiveOrder order, OrderState state) {
    if (order.isEarlier(state)) {
      return; // a replaced venue order never comes back as the current one
    }
    if (order.venueOrderId != null && !order.venueOrderId.equals(state.orderId())) {
      oidByVenueId.remove(order.venueOrderId);
      order.venue = null;
    }
    mayBeAtVenue.remove(state.clientId()); // found: no longer a question
    int replacement = ClientIds.replacementOf(state.clientId());
    if (replacement > order.replacement) {
      order.replacement = replacement;
    }
    order.see(state);
    oidByVenueId.put(state.orderId(), order.oid);
  }

  /**
   * Keeps a long-running brokerd's memory bounded: the oldest ended orders go (a tenth at a time). One
   * asked about again is found at the venue by its client id, as after a restart.
   */
  void forgetOldestEnded() {
    if (orders.size() <= MAX_ORDERS) {
      return;
    }
    int excess = orders.size() - MAX_ORDERS + MAX_ORDERS / 10;
    Iterator<LiveOrder> oldest = orders.values().iterator();
    while (excess > 0 && oldest.hasNext()) {
      LiveOrder order = oldest.next();
      if (order.stage() == OrderStage.DONE) {
        oldest.remove();
        if (order.venueOrderId != null) {
          oidByVenueId.remove(order.venueOrderId);
        }
        excess--;
      }
    }
  }

  /** Every order, oldest first (a copy: the caller may change them). */
  List<LiveOrder> all() {
    return List.copyOf(orders.values());
  }

  /** The venue order id no longer names the order (a modify replaced it). */
  void forgetVenueId(String venueOrderId) {
    oidByVenueId.remove(venueOrderId);
  }

  /** Sent: the client id may be at the venue from now on. */
  void sent(String clientId) {
    mayBeAtVenue.put(clientId, null);
  }

  /** Refused, or judged never placed: the client id is no longer a question. */
  void settled(String clientId) {
    mayBeAtVenue.remove(clientId);
  }

  boolean mayBeAtVenue(String clientId) {
    return mayBeAtVenue.containsKey(clientId);
  }

  /** When "not found" was first heard for a client id that may be at the venue ({@code now} if this is the first). */
  long missingSince(String clientId, long now) {
    Long since = mayBeAtVenue.get(clientId);
    if (since == null) {
      mayBeAtVenue.put(clientId, now);
      return now;
    }
    return since;
  }
}
