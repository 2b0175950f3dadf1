package piker.backends.kraken.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The {@code executions} channel's items as the docs show them (docs/venues/kraken.md 9.3, 14 F11): numbers as JSON
 * numbers, times RFC 3339 with µs. {@code pending_new} and snapshot items carry the whole order; {@code new},
 * {@code trade} and {@code canceled} carry what changed ("the fields included in the message is dependant on the
 * exec_type"). A trade's {@code exec_id} is its trade txid, the key REST's TradesHistory and QueryTrades use.
 */
final class ExecutionItems {
  private ExecutionItems() {}

  static ObjectNode pendingNew(Account.Order order) {
    ObjectNode item = whole(order, "pending_new");
    item.put("order_status", "pending_new");
    return item;
  }

  /** The order as the snapshot ({@code snap_orders}) lists it. */
  static ObjectNode snapshot(Account.Order order) {
    ObjectNode item = whole(order, "new");
    item.put("order_status", order.filled.signum() == 0 ? "new" : "partially_filled");
    item.put("cum_qty", order.filled);
    return item;
  }

  static ObjectNode created(Account.Order order, String execId) {
    ObjectNode item = Catalogue.JSON.createObjectNode();
    item.put("order_id", order.txid);
    clOrdId(item, order);
    item.put("exec_id", execId);
    item.put("exec_type", "new");
    item.put("order_status", "new");
    item.put("timestamp", Ids.rfc3339(order.openedMicros));
    return item;
  }

  static ObjectNode trade(Account.Order order, Account.Trade trade) {
    ObjectNode item = Catalogue.JSON.createObjectNode();
    item.put("order_id", order.txid);
    clOrdId(item, order);
    item.put("exec_id", trade.txid());
    item.put("exec_type", "trade");
    item.put("trade_id", trade.tradeId());
    item.put("symbol", order.pair.symbol());
    item.put("side", order.side);
    item.put("last_qty", trade.qty());
    item.put("last_price", trade.price());
    item.put("liquidity_ind", trade.maker() ? "m" : "t");
    item.put("cost", trade.cost());
    item.put("order_status", order.remaining().signum() == 0 ? "filled" : "partially_filled");
    item.put("order_type", "limit");
    item.put("cum_qty", order.filled);
    item.put("cum_cost", order.cost);
    item.put("avg_price", order.cost.divide(order.filled, order.pair.pairDecimals() + 2, RoundingMode.HALF_UP));
    ObjectNode fee = item.putArray("fees").addObject();
    String[] assets = order.pair.symbol().split("/", 2);
    fee.put("asset", trade.feeInBase() ? assets[0] : assets[1]);
    fee.put("qty", trade.feeQty());
    item.put("fee_usd_equiv", trade.fee());
    item.put("timestamp", Ids.rfc3339(trade.micros()));
    return item;
  }

  /** An amend: the order's new quantity and limit, same order id. */
  static ObjectNode amended(Account.Order order, String execId, long micros) {
    ObjectNode item = Catalogue.JSON.createObjectNode();
    item.put("order_id", order.txid);
    clOrdId(item, order);
    item.put("exec_id", execId);
    item.put("exec_type", "amended");
    item.put("order_status", order.filled.signum() == 0 ? "new" : "partially_filled");
    item.put("order_qty", order.qty);
    item.put("limit_price", order.price);
    item.put("cum_qty", order.filled);
    item.put("timestamp", Ids.rfc3339(micros));
    return item;
  }

  static ObjectNode canceled(Account.Order order, String execId) {
    ObjectNode item = Catalogue.JSON.createObjectNode();
    item.put("order_id", order.txid);
    clOrdId(item, order);
    item.put("exec_id", execId);
    item.put("exec_type", "canceled");
    item.put("order_status", "canceled");
    item.put("cum_qty", order.filled);
    item.put("cum_cost", order.cost);
    item.put("reason", order.reason);
    item.put("timestamp", Ids.rfc3339(order.closedMicros));
    return item;
  }

  private static ObjectNode whole(Account.Order order, String execType) {
    ObjectNode item = Catalogue.JSON.createObjectNode();
    item.put("order_id", order.txid);
    clOrdId(item, order);
    item.put("symbol", order.pair.symbol());
    item.put("order_qty", order.qty);
    item.put("cum_cost", order.cost);
    item.put("time_in_force", "GTC");
    item.put("exec_type", execType);
    item.put("side", order.side);
    item.put("order_type", "limit");
    item.put("limit_price_type", "static");
    item.put("limit_price", order.price);
    item.put("fee_usd_equiv", BigDecimal.ZERO);
    item.put("fee_ccy_pref", Account.feeInBase(order) ? "fcib" : "fciq");
    item.put("timestamp", Ids.rfc3339(order.openedMicros));
    return item;
  }

  private static void clOrdId(ObjectNode item, Account.Order order) {
    if (order.clOrdId != null) {
      item.put("cl_ord_id", order.clOrdId);
    }
  }
}
