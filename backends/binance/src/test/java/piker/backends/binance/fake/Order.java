package piker.backends.binance.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** One LIMIT GTC order on the fake's account, and its documented REST and user-data shapes. */
final class Order {
  /** One execution of the order: Binance's trade id per symbol, our side's commission. */
  record Fill(long tradeId, long time, BigDecimal price, BigDecimal qty, BigDecimal commission, String commissionAsset,
      boolean maker) {}

  final Catalogue.Market market;
  final long orderId;
  final String side;
  final BigDecimal price;
  final BigDecimal origQty;
  final long time;
  final List<Fill> fills = new ArrayList<>();
  /** The id before a cancel renamed it ("" while never canceled). */
  String origClientOrderId = "";
  String clientOrderId;
  String status = "NEW";
  long updateTime;
  BigDecimal executedQty = BigDecimal.ZERO;
  BigDecimal cumulativeQuote = BigDecimal.ZERO;

  Order(Catalogue.Market market, long orderId, String clientOrderId, String side, BigDecimal price, BigDecimal qty,
      long time) {
    this.market = market;
    this.orderId = orderId;
    this.clientOrderId = clientOrderId;
    this.side = side;
    this.price = price;
    this.origQty = qty;
    this.time = time;
    this.updateTime = time;
  }

  boolean isOpen() {
    return status.equals("NEW") || status.equals("PARTIALLY_FILLED");
  }

  boolean isBuy() {
    return side.equals("BUY");
  }

  BigDecimal remaining() {
    return origQty.subtract(executedQty);
  }

  boolean knownAs(String clientId) {
    return clientId.equals(clientOrderId) || clientId.equals(origClientOrderId);
  }

  private ObjectNode common(ObjectNode node) {
    node.put("symbol", market.symbol());
    node.put("orderId", orderId);
    node.put("orderListId", -1);
    node.put("clientOrderId", clientOrderId);
    return node;
  }

  private void amounts(ObjectNode node) {
    node.put("price", Wire.decimal(price));
    node.put("origQty", Wire.decimal(origQty));
    node.put("executedQty", Wire.decimal(executedQty));
    node.put("origQuoteOrderQty", Wire.decimal(BigDecimal.ZERO));
    node.put("cummulativeQuoteQty", Wire.decimal(cumulativeQuote));
    node.put("status", status);
    node.put("timeInForce", "GTC");
    node.put("type", "LIMIT");
    node.put("side", side);
  }

  /** POST /api/v3/order in ACK, RESULT or FULL (the fills of this placement only). */
  ObjectNode placed(String respType, long transactTime, List<Fill> placementFills) {
    ObjectNode node = common(Wire.object());
    node.put("transactTime", transactTime);
    if (respType.equals("ACK")) {
      return node;
    }
    amounts(node);
    node.put("workingTime", time);
    node.put("selfTradePreventionMode", "NONE");
    if (respType.equals("FULL")) {
      ArrayNode array = node.putArray("fills");
      for (Fill fill : placementFills) {
        ObjectNode f = array.addObject();
        f.put("price", Wire.decimal(fill.price()));
        f.put("qty", Wire.decimal(fill.qty()));
        f.put("commission", Wire.decimal(fill.commission()));
        f.put("commissionAsset", fill.commissionAsset());
        f.put("tradeId", fill.tradeId());
      }
    }
    return node;
  }

  /** DELETE /api/v3/order: origClientOrderId is the order's id before, clientOrderId the cancel's. */
  ObjectNode canceled(long transactTime) {
    ObjectNode node = Wire.object();
    node.put("symbol", market.symbol());
    node.put("origClientOrderId", origClientOrderId);
    node.put("orderId", orderId);
    node.put("orderListId", -1);
    node.put("clientOrderId", clientOrderId);
    node.put("transactTime", transactTime);
    amounts(node);
    node.put("selfTradePreventionMode", "NONE");
    return node;
  }

  /** GET /api/v3/order and each element of openOrders. */
  ObjectNode queried() {
    ObjectNode node = common(Wire.object());
    amounts(node);
    node.put("stopPrice", Wire.decimal(BigDecimal.ZERO));
    node.put("icebergQty", Wire.decimal(BigDecimal.ZERO));
    node.put("time", time);
    node.put("updateTime", updateTime);
    node.put("isWorking", true);
    node.put("workingTime", time);
    node.put("selfTradePreventionMode", "NONE");
    return node;
  }

  /** One myTrades element for a fill of this order. */
  ObjectNode trade(Fill fill) {
    ObjectNode node = Wire.object();
    node.put("symbol", market.symbol());
    node.put("id", fill.tradeId());
    node.put("orderId", orderId);
    node.put("orderListId", -1);
    node.put("price", Wire.decimal(fill.price()));
    node.put("qty", Wire.decimal(fill.qty()));
    node.put("quoteQty", Wire.decimal(fill.price().multiply(fill.qty())));
    node.put("commission", Wire.decimal(fill.commission()));
    node.put("commissionAsset", fill.commissionAsset());
    node.put("time", fill.time());
    node.put("isBuyer", isBuy());
    node.put("isMaker", fill.maker());
    node.put("isBestMatch", true);
    return node;
  }

  /** The executionReport event (user-data-stream.md › Order Update), every documented key. */
  ObjectNode executionReport(String executionType, Fill fill, long eventTime, long executionId) {
    ObjectNode e = Wire.object();
    e.put("e", "executionReport");
    e.put("E", eventTime);
    e.put("s", market.symbol());
    e.put("c", clientOrderId);
    e.put("S", side);
    e.put("o", "LIMIT");
    e.put("f", "GTC");
    e.put("q", Wire.decimal(origQty));
    e.put("p", Wire.decimal(price));
    e.put("P", Wire.decimal(BigDecimal.ZERO));
    e.put("F", Wire.decimal(BigDecimal.ZERO));
    e.put("g", -1);
    e.put("C", executionType.equals("CANCELED") ? origClientOrderId : "");
    e.put("x", executionType);
    e.put("X", status);
    e.put("r", "NONE");
    e.put("i", orderId);
    e.put("l", Wire.decimal(fill == null ? BigDecimal.ZERO : fill.qty()));
    e.put("z", Wire.decimal(executedQty));
    e.put("L", Wire.decimal(fill == null ? BigDecimal.ZERO : fill.price()));
    e.put("n", fill == null ? "0" : Wire.decimal(fill.commission()));
    if (fill == null) {
      e.putNull("N");
    } else {
      e.put("N", fill.commissionAsset());
    }
    e.put("T", fill == null ? updateTime : fill.time());
    e.put("t", fill == null ? -1 : fill.tradeId());
    e.put("I", executionId);
    e.put("w", isOpen());
    e.put("m", fill != null && fill.maker());
    e.put("M", false);
    e.put("O", time);
    e.put("Z", Wire.decimal(cumulativeQuote));
    e.put("Y", Wire.decimal(fill == null ? BigDecimal.ZERO : fill.price().multiply(fill.qty())));
    e.put("Q", Wire.decimal(BigDecimal.ZERO));
    e.put("W", time);
    e.put("V", "NONE");
    return e;
  }
}
