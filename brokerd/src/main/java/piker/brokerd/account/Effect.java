package piker.brokerd.account;

import java.util.List;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.spi.TradeClient.NewOrder;
import piker.contracts.spi.TradeClient.OrderRef;

/**
 * What the account's order logic ({@link LiveOrders}, {@link Reconciler}) decides and its actor carries out,
 * in order: events for emsd, and venue requests whose answers come back as messages.
 */
sealed interface Effect {
  /** Events for emsd, in the order they happened. */
  record Emit(List<BrokerEvent> events) implements Effect {}

  /** Place the order as wanted now, once its market's details are at hand ({@link LiveOrders#placeIn}). */
  record Place(String oid, LiveOrder.Wanted wanted) implements Effect {
    String bsFqme() {
      return wanted.fqme().bsFqme();
    }
  }

  /** Send a placement to the venue; its answer comes back as {@code Placed}. */
  record Submit(String oid, NewOrder order) implements Effect {}

  /** Cancel the venue order (the order's end, or a modify's first half); its answer comes back as {@code CancelDone}. */
  record CancelAtVenue(String oid, String venueOrderId) implements Effect {}

  /** Look the order up at the venue now; the answer comes back as {@code Looked}. */
  record LookUp(String oid, OrderRef ref) implements Effect {}

  /** Look an order in doubt up again a moment later ({@link LiveOrders#lookAgain}). */
  record LookAgainLater(String oid) implements Effect {}

  /**
   * Fetch the venue order's trades (an adopted order's earlier ones, or those of an order that ended with fills
   * not heard of); each goes to the ledger and then emsd as a venue fill does, counted once by trade id.
   */
  record FetchTrades(String oid, OrderRef ref) implements Effect {}

  /**
   * The order ended with more filled than its fills told: a moment later, unless they came meanwhile, its trades
   * are fetched ({@link LiveOrders#checkFills}). The venue's own fill events are not waited on for ever.
   */
  record CheckFillsLater(String oid) implements Effect {}
}
