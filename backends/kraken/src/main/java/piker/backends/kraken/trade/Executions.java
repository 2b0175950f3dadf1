package piker.backends.kraken.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * The {@code executions} channel of WS v2 (docs/venues/kraken.md 9.3, {@code docs.kraken.com/exchange/api-reference/spot-websocket-v2/executions}):
 * {@code {"channel":"executions","type":"snapshot"|"update","data":[...],"sequence":n}}. "The snapshot and update
 * stream share the same data schema, the fields included in the message is dependant on the exec_type", so an
 * item is read with every field optional and merged into what is known of its order ({@link Tracked}).
 */
public final class Executions {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Executions.class);
  private Executions() {}

  /**
   * One data item, every field null where the item does not carry it; numbers exact. {@code fee} is the sum of
   * the item's {@code fees} in {@code feeAsset}, their one asset; null when they name several (never added).
   */
  public record Item(String orderId, String clOrdId, String symbol, String side, BigDecimal orderQty,
                     BigDecimal limitPrice, String orderStatus, String execType, String execId, BigDecimal cumQty,
                     BigDecimal lastQty, BigDecimal lastPrice, BigDecimal fee, String feeAsset, long timeNs,
                     String reason) {
    /** A fill: {@code exec_type} {@code trade}, with its execution id, quantity and price. */
    public boolean isTrade() {
      return "trade".equals(execType) && execId != null && lastQty != null && lastPrice != null;
    }
  }

  /** Whether a websocket message is an executions snapshot or update. */
  public static boolean isExecutions(JsonNode message) {
    return "executions".equals(message.path("channel").asText());
  }

  public static boolean isSnapshot(JsonNode message) {
    return "snapshot".equals(message.path("type").asText());
  }

  /** The items of an executions message, in Kraken's order. */
  public static List<Item> items(JsonNode message) {
    List<Item> items = new ArrayList<>();
    for (JsonNode item : message.path("data")) {
      items.add(item(item));
    }
    return items;
  }

  static Item item(JsonNode item) {
    Fee fee = fee(item.path("fees"), Decimals.text(item, "exec_id"));
    return new Item(Decimals.text(item, "order_id"), Decimals.text(item, "cl_ord_id"), Decimals.text(item, "symbol"),
        Decimals.text(item, "side"), Decimals.decimal(item, "order_qty"), Decimals.decimal(item, "limit_price"),
        Decimals.text(item, "order_status"), Decimals.text(item, "exec_type"), Decimals.text(item, "exec_id"),
        Decimals.decimal(item, "cum_qty"), Decimals.decimal(item, "last_qty"), Decimals.decimal(item, "last_price"),
        fee.qty(), fee.asset(), Decimals.rfc3339Ns(Decimals.text(item, "timestamp")), Decimals.text(item, "reason"));
  }

  /** A trade's fee: an amount and its asset (both null when there is none, or no one asset). */
  private record Fee(BigDecimal qty, String asset) {}

  /**
   * The sum of a trade's {@code fees} ({@code [{"asset": "USD", "qty": 0.5}]}) when they are all in one asset.
   * Amounts in different assets are never added (a fill carries one fee amount, no asset): such a fee is
   * unknown here and logged with every amount, so the ledger's zero is seen for what it is.
   */
  private static Fee fee(JsonNode fees, String execId) {
    BigDecimal total = null;
    String asset = null;
    for (JsonNode fee : fees) {
      BigDecimal qty = Decimals.decimal(fee, "qty");
      if (qty == null) {
        continue;
      }
      String in = Decimals.text(fee, "asset");
      if (total != null && !java.util.Objects.equals(asset, in)) {
        LOG.warn("kraken trade {}: fees in several assets, not added; the fill's fee is left unknown: {}", execId,
            fees);
        return new Fee(null, null);
      }
      total = total == null ? qty : total.add(qty);
      asset = in;
    }
    return new Fee(total, asset);
  }

  /**
   * Kraken's order status as the SPI's: {@code pending_new}, {@code new}, {@code partially_filled} are open,
   * {@code filled} filled, {@code canceled} and {@code expired} canceled; REST's {@code pending}, {@code open},
   * {@code closed} (filled) likewise. Null for a status we do not know (the last known one stays).
   */
  public static String status(String kraken) {
    if (kraken == null) {
      return null;
    }
    return switch (kraken) {
      case "pending_new", "new", "partially_filled", "pending", "open" -> OrderState.OPEN;
      case "filled", "closed" -> OrderState.FILLED;
      case "canceled", "expired" -> OrderState.CANCELED;
      default -> null;
    };
  }

  /**
   * What we know of one order, merged from its items: each field as the latest item that carried it says;
   * complete once the market, side, price and size are known (a snapshot or {@code pending_new} item carries them).
   */
  public record Tracked(String orderId, String clOrdId, String symbol, String side, BigDecimal price, BigDecimal size,
                        BigDecimal filled, String status, long timeNs, boolean pending, String rejectedFor) {
    static Tracked of(Item item) {
      return new Tracked(item.orderId(), null, null, null, null, null, BigDecimal.ZERO, null, 0, true, null)
          .merge(item);
    }

    /**
     * The order with an item's news. One canceled while still {@code pending_new} was refused by the engine after
     * its acceptance ("pending → canceled" on "validation failure (insufficient funds, invalid params, rate limit)",
     * the docs' order lifecycle): its {@code reason} is kept as {@link #rejectedFor}.
     */
    Tracked merge(Item item) {
      String mapped = Executions.status(item.orderStatus());
      boolean rejected = pending && "canceled".equals(item.orderStatus());
      // never backwards, as a late item (applied after a REST seed) could: pending_new < new < partially_filled
      // (the filled size only grows) < filled, canceled, expired (the first of which stays)
      boolean ended = status != null && !OrderState.OPEN.equals(status);
      return new Tracked(orderId, or(item.clOrdId(), clOrdId), or(item.symbol(), symbol), or(item.side(), side),
          or(item.limitPrice(), price), or(item.orderQty(), size), item.cumQty() != null ? item.cumQty().max(filled)
          : filled, mapped != null && !ended ? mapped : status, item.timeNs() != 0 ? item.timeNs() : timeNs,
          pending && (item.orderStatus() == null || "pending_new".equals(item.orderStatus())),
          rejected ? or(item.reason(), "canceled before the engine took it") : rejectedFor);
    }

    public boolean complete() {
      return symbol != null && side != null && price != null && size != null && status != null;
    }

    /** The SPI's view; {@code clientId} and {@code bsFqme} are ours for {@link #clOrdId} and {@link #symbol}. */
    public OrderState state(String clientId, String bsFqme) {
      return new OrderState(orderId, clientId, bsFqme, side, price, size, filled, size.subtract(filled), status,
          timeNs);
    }

    private static <T> T or(T fresh, T known) {
      return fresh != null ? fresh : known;
    }
  }
}
