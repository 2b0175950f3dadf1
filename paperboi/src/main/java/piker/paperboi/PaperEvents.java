package piker.paperboi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import piker.accounting.Clear;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;

/** What paper clearing tells emsd, in the clearing protocol's events. */
final class PaperEvents {
  private PaperEvents() {}

  /** A paper order has one broker order, named after its oid; its trade ids: {@link PaperAccount#tid}. */
  static String reqid(String oid) {
    return "paper-" + oid;
  }

  static ClearingProtocol.OrderStatus status(PaperBook.Resting order, VenueOrderStatus status, boolean resting,
                                             String reason) {
    return new ClearingProtocol.OrderStatus(order.oid(), order.reqid(), order.account().toString(), status,
        order.filled(), order.remaining(), resting, reason);
  }

  /** An order canceled before anything of it filled. */
  static ClearingProtocol.OrderStatus canceled(String oid, String account, String reason) {
    return new ClearingProtocol.OrderStatus(oid, reqid(oid), account, VenueOrderStatus.CANCELED,
        BigDecimal.ZERO, BigDecimal.ZERO, false, reason);
  }

  static ClearingProtocol.Fill fill(PaperBook.Resting order, String tid, BigDecimal price, BigDecimal size,
                                    BigDecimal cost, long nanos) {
    return new ClearingProtocol.Fill(order.oid(), order.reqid(), tid, order.action(), price, size, cost, nanos);
  }

  /**
   * An order whose trades the ledger already holds: the same fills again (emsd deduplicates them by trade
   * id), then {@code ending} (closed, canceled) with the position, or nothing more while the order goes on.
   */
  static List<BrokerEvent> replayed(String oid, PaperAccount account, PaperAccount.LedgerFills fills,
                                    VenueOrderStatus ending, String reason) {
    String reqid = reqid(oid);
    List<BrokerEvent> events = new ArrayList<>();
    events.add(new ClearingProtocol.Ack(oid, reqid));
    for (Clear clear : fills.clears()) {
      long nanos = clear.dt().getEpochSecond() * 1_000_000_000L + clear.dt().getNano();
      OrderAction action = clear.size().signum() > 0 ? OrderAction.BUY : OrderAction.SELL;
      events.add(new ClearingProtocol.Fill(oid, reqid, clear.tid(), action, clear.price(), clear.size().abs(),
          clear.cost(), nanos));
    }
    if (ending != null) {
      events.add(new ClearingProtocol.OrderStatus(oid, reqid, account.account().toString(), ending,
          fills.filled(), BigDecimal.ZERO, false, reason));
      events.add(account.position(fills.clears().get(0).fqme()));
    }
    return events;
  }
}
