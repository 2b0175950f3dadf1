package piker.brokerd.account;

import java.math.BigDecimal;
import java.util.List;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.names.AccountName;
import piker.contracts.names.Fqme;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * What emsd hears of an account's orders: statuses (each told once, closed only after every fill) and
 * fills, with the end moves that go with them; plain code.
 */
final class OrderReports {
  private final AccountName account;

  OrderReports(AccountName account) {
    this.account = account;
  }

  /** Fills of the order emsd may have missed (emsd drops any it has by trade id). */
  void replayFills(LiveOrder order, List<NormTrade> trades, List<BrokerEvent> events) {
    for (NormTrade trade : trades) {
      if (order.oid.equals(ClientIds.oidOf(trade.clientId())) || trade.orderId().equals(order.venueOrderId)) {
        order.tell(trade.tradeId(), trade.size());
        events.add(fill(order.oid, trade));
      }
    }
  }

  /** The venue order ended: closed once every fill was told (its fill events may still be on the way). */
  void finish(LiveOrder order, List<BrokerEvent> events, String reason) {
    if (order.venue == null || !order.venue.status().equals(OrderState.FILLED)) {
      finishCanceled(order, events, reason);
    } else if (!order.allFillsTold()) {
      order.moveTo(OrderStage.FILLED);
    } else {
      order.moveTo(OrderStage.DONE);
      if (order.told() != VenueOrderStatus.CLOSED) {
        order.told(VenueOrderStatus.CLOSED);
        events.add(status(order, VenueOrderStatus.CLOSED, null));
      }
    }
  }

  void finishCanceled(LiveOrder order, List<BrokerEvent> events, String reason) {
    order.moveTo(OrderStage.DONE);
    if (order.told() != VenueOrderStatus.CANCELED) {
      order.told(VenueOrderStatus.CANCELED);
      events.add(status(order, VenueOrderStatus.CANCELED, reason));
    }
  }

  ClearingProtocol.OrderStatus status(LiveOrder order, VenueOrderStatus status, String reason) {
    return status(order, status, reason, false);
  }

  ClearingProtocol.OrderStatus status(LiveOrder order, VenueOrderStatus status, String reason,
                                              boolean resting) {
    BigDecimal size = order.wanted != null ? order.wanted.size()
        : order.venue != null ? order.filledBefore.add(order.venue.size()) : BigDecimal.ZERO;
    BigDecimal filled = order.filled();
    BigDecimal remaining = status == VenueOrderStatus.OPEN ? size.subtract(filled).max(BigDecimal.ZERO)
        : BigDecimal.ZERO;
    return new ClearingProtocol.OrderStatus(order.oid, order.venueOrderId, account.toString(), status, filled,
        remaining, resting, reason);
  }

  static ClearingProtocol.Fill fill(String oid, NormTrade trade) {
    return new ClearingProtocol.Fill(oid, trade.orderId(), trade.tradeId(), action(trade.side()), trade.price(),
        trade.size(), trade.fee(), trade.timeNs());
  }

  /**
   * A venue side (the backend SPI's word) as emsd's action; a side the SPI does not define travels as none,
   * as before it travelled unread: emsd ignores an adopted order without an action, and a fill's is only shown.
   */
  static OrderAction action(String side) {
    return OrderAction.parse(side).filter(OrderAction::trades).orElse(null);
  }

  Fqme fqme(String bsFqme) {
    return Fqme.parse(bsFqme + "." + account.broker());
  }
}
