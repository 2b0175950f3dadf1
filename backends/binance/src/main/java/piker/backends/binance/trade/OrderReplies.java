package piker.backends.binance.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;
import piker.contracts.spi.TradeClient.VenuePosition;

/**
 * Binance's order, trade and account answers read into the SPI's types (docs/venues/binance.md 6.5-6.11,
 * 7, 9.5): REST results (also the WS API's {@code result}) and user data events. A venue order id is
 * {@code SYMBOL:orderId} and a trade id {@code SYMBOL:tradeId}, because Binance numbers both per symbol and
 * every request needs the symbol; {@code bs_mktid} is the symbol. Decimals are read from their strings.
 * Binance client ids are read back to ours through {@link ClientIds}; one that is not ours stays as it is.
 */
public final class OrderReplies {
  private static final String SPOT = ".spot";
  private static final long NS_PER_MS = 1_000_000L;

  private final ClientIds clientIds;

  public OrderReplies(ClientIds clientIds) {
    this.clientIds = clientIds;
  }

  /** An order and, when the update was a trade, its fill; {@code updateKey} tells a repeated update. */
  public record Execution(OrderState order, Optional<NormTrade> fill, String updateKey) {}

  /** One asset's balance; on spot this is what a position is (section 6.11). */
  public record Balance(String asset, BigDecimal free, BigDecimal locked) {
    public BigDecimal total() {
      return free.add(locked);
    }
  }

  /**
   * Spot positions: each market ({@code btcusdt.spot} → its base asset, {@code btc}) with the balance of its
   * base asset, free + locked, zero when the account holds none; markets sharing a base asset share it.
   */
  public static List<VenuePosition> positions(List<Balance> balances, Map<String, String> baseAssetByBsFqme) {
    Map<String, BigDecimal> held = new HashMap<>();
    balances.forEach(balance -> held.merge(balance.asset().toLowerCase(Locale.ROOT), balance.total(), BigDecimal::add));
    return new TreeMap<>(baseAssetByBsFqme).entrySet().stream().map(market -> {
      String asset = market.getValue().toLowerCase(Locale.ROOT);
      return new VenuePosition(market.getKey(), held.getOrDefault(asset, BigDecimal.ZERO), asset);
    }).toList();
  }

  /** {@code btcusdt.spot} for {@code BTCUSDT} (bs_fqme). */
  public static String bsFqme(String symbol) {
    return symbol.toLowerCase(Locale.ROOT) + SPOT;
  }

  /** {@code BTCUSDT} for {@code btcusdt.spot}. */
  public static String symbol(String bsFqme) {
    String symbol = bsFqme.endsWith(SPOT) ? bsFqme.substring(0, bsFqme.length() - SPOT.length()) : bsFqme;
    return symbol.toUpperCase(Locale.ROOT);
  }

  /** Our venue order id, {@code BTCUSDT:28}; also the dedup key of a trade, {@code BTCUSDT:56}. */
  public static String qualified(String symbol, long id) {
    return symbol + ":" + id;
  }

  /** The symbol and Binance order id in a venue order id. */
  public record VenueOrderId(String symbol, long orderId) {
    public static VenueOrderId parse(String venueOrderId) {
      int at = venueOrderId == null ? -1 : venueOrderId.lastIndexOf(':');
      try {
        if (at > 0) {
          return new VenueOrderId(venueOrderId.substring(0, at), Long.parseLong(venueOrderId.substring(at + 1)));
        }
      } catch (NumberFormatException e) {
        // fall through to the refusal below
      }
      throw new IllegalArgumentException("not a Binance venue order id (SYMBOL:orderId): " + venueOrderId);
    }
  }

  /**
   * Our three states for Binance's order status (`enums.md`): NEW, PARTIALLY_FILLED, PENDING_NEW and the
   * unused PENDING_CANCEL are open; FILLED filled; CANCELED, EXPIRED, EXPIRED_IN_MATCH and REJECTED ended
   * without (more) fills, canceled. A status Binance adds later is refused rather than guessed.
   */
  public static String status(String binanceStatus) {
    return switch (binanceStatus) {
      case "NEW", "PARTIALLY_FILLED", "PENDING_NEW", "PENDING_CANCEL" -> OrderState.OPEN;
      case "FILLED" -> OrderState.FILLED;
      case "CANCELED", "EXPIRED", "EXPIRED_IN_MATCH", "REJECTED" -> OrderState.CANCELED;
      default -> throw new IllegalArgumentException("unknown Binance order status " + binanceStatus);
    };
  }

  /**
   * An order from {@code POST /api/v3/order} (RESULT or FULL), {@code DELETE /api/v3/order},
   * {@code GET /api/v3/order} or one of {@code openOrders}/{@code allOrders}.
   */
  public OrderState order(JsonNode reply) {
    String symbol = text(reply, "symbol");
    // A cancel's answer names the order's own id in origClientOrderId and the cancel's in clientOrderId.
    String clientId = reply.hasNonNull("origClientOrderId") ? text(reply, "origClientOrderId") : text(reply, "clientOrderId");
    BigDecimal size = decimal(reply, "origQty");
    BigDecimal filled = decimal(reply, "executedQty");
    long timeMs = firstTime(reply, "updateTime", "transactTime", "time", "workingTime");
    return new OrderState(qualified(symbol, number(reply, "orderId")), ours(clientId), bsFqme(symbol),
        side(text(reply, "side")), decimal(reply, "price"), size, filled, size.subtract(filled),
        status(text(reply, "status")), timeMs * NS_PER_MS);
  }

  /** Every order of an array ({@code openOrders}, {@code allOrders}), in Binance's order. */
  public List<OrderState> orders(JsonNode replies) {
    return each(replies, this::order);
  }

  /** The fills of a FULL placement answer; none for RESULT or an order that rested without trading. */
  public List<NormTrade> fills(JsonNode fullReply) {
    String symbol = text(fullReply, "symbol");
    String orderId = qualified(symbol, number(fullReply, "orderId"));
    String clientId = ours(text(fullReply, "clientOrderId"));
    String side = side(text(fullReply, "side"));
    long timeNs = number(fullReply, "transactTime") * NS_PER_MS;
    return each(fullReply.path("fills"), fill -> trade(qualified(symbol, number(fill, "tradeId")), orderId, clientId,
        symbol, side, decimal(fill, "price"), decimal(fill, "qty"), decimal(fill, "commission"),
        fill.path("commissionAsset"), timeNs));
  }

  /** The trades of {@code GET /api/v3/myTrades}; Binance does not say which client id they were placed with. */
  public List<NormTrade> myTrades(JsonNode trades) {
    return each(trades, trade -> {
      String symbol = text(trade, "symbol");
      JsonNode buyer = trade.get("isBuyer");
      if (buyer == null || !buyer.isBoolean()) {
        throw new IllegalArgumentException("a Binance trade without isBuyer");
      }
      return trade(qualified(symbol, number(trade, "id")), qualified(symbol, number(trade, "orderId")), null, symbol,
          buyer.asBoolean() ? "buy" : "sell", decimal(trade, "price"), decimal(trade, "qty"),
          decimal(trade, "commission"), trade.path("commissionAsset"), number(trade, "time") * NS_PER_MS);
    });
  }

  /**
   * An {@code executionReport} (the event object or its {@code {"subscriptionId", "event"}} frame): the
   * order after the update and, for {@code x = TRADE}, the fill. Its key is order id and execution id {@code I}.
   */
  public Execution execution(JsonNode frame) {
    JsonNode event = unwrap(frame, "executionReport");
    String symbol = text(event, "s");
    long orderId = number(event, "i");
    // On a cancel, c is the cancel's id and C the order's; otherwise C is empty.
    String clientId = ours(event.path("C").asText("").isEmpty() ? text(event, "c") : text(event, "C"));
    String side = side(text(event, "S"));
    BigDecimal size = decimal(event, "q");
    BigDecimal filled = decimal(event, "z");
    long timeNs = number(event, "T") * NS_PER_MS;
    OrderState order = new OrderState(qualified(symbol, orderId), clientId, bsFqme(symbol), side, decimal(event, "p"),
        size, filled, size.subtract(filled), status(text(event, "X")), timeNs);
    Optional<NormTrade> fill = Optional.empty();
    if ("TRADE".equals(text(event, "x"))) {
      fill = Optional.of(trade(qualified(symbol, number(event, "t")), order.orderId(), clientId, symbol, side,
          decimal(event, "L"), decimal(event, "l"), decimal(event, "n"), event.path("N"), timeNs));
    }
    return new Execution(order, fill, updateKey(symbol, orderId, number(event, "I")));
  }

  /** The key that tells a repeated order update: symbol, order id and Binance's execution id {@code I}. */
  public static String updateKey(String symbol, long orderId, long executionId) {
    return qualified(symbol, orderId) + ":" + executionId;
  }

  /** The balances of {@code GET /api/v3/account}. */
  public static List<Balance> balances(JsonNode account) {
    return each(account.path("balances"), balance -> new Balance(text(balance, "asset"), decimal(balance, "free"),
        decimal(balance, "locked")));
  }

  /** The balances an {@code outboundAccountPosition} event (or its frame) says may have changed. */
  public static List<Balance> accountPosition(JsonNode frame) {
    JsonNode event = unwrap(frame, "outboundAccountPosition");
    return each(event.path("B"), balance -> new Balance(text(balance, "a"), decimal(balance, "f"), decimal(balance, "l")));
  }

  private String ours(String venueClientId) {
    return clientIds.ourId(venueClientId).orElse(venueClientId);
  }

  private static JsonNode unwrap(JsonNode frame, String type) {
    JsonNode event = frame.has("event") ? frame.get("event") : frame;
    if (!type.equals(event.path("e").asText())) {
      throw new IllegalArgumentException("not a Binance " + type + " event: " + event.path("e").asText());
    }
    return event;
  }

  private static String side(String binanceSide) {
    return switch (binanceSide) {
      case "BUY" -> "buy";
      case "SELL" -> "sell";
      default -> throw new IllegalArgumentException("unknown Binance side " + binanceSide);
    };
  }

  private static long firstTime(JsonNode reply, String... fields) {
    for (String field : fields) {
      // workingTime is -1 for an order not yet working: not a time.
      if (reply.path(field).canConvertToLong() && reply.path(field).asLong() > 0) {
        return reply.path(field).asLong();
      }
    }
    return 0;
  }

  private static <T> List<T> each(JsonNode array, Function<JsonNode, T> read) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("a Binance list is not an array");
    }
    List<T> out = new ArrayList<>(array.size());
    array.forEach(node -> out.add(read.apply(node)));
    return out;
  }

  /** One trade of {@code symbol}: its commission as the fee in the quote, and as the base-asset fee when paid so. */
  private static NormTrade trade(String tradeId, String orderId, String clientId, String symbol, String side,
                                 BigDecimal price, BigDecimal qty, BigDecimal commission, JsonNode commissionAsset,
                                 long timeNs) {
    return new NormTrade(tradeId, orderId, clientId, bsFqme(symbol), symbol, side, price, qty,
        feeInQuote(symbol, price, commission, commissionAsset), timeNs, feeInBase(symbol, qty, commission,
            commissionAsset));
  }

  /**
   * The commission when Binance took it in the market's base asset (a buy's default: the asset received), in base
   * units, else 0: the position then grows by what the balance did, the size less it. A commission as large as the
   * trade is no fee of this kind (malformed): 0, and the quote fee still counts it.
   */
  static BigDecimal feeInBase(String symbol, BigDecimal qty, BigDecimal commission, JsonNode commissionAsset) {
    String asset = commissionAsset.isTextual() ? commissionAsset.asText().toUpperCase(Locale.ROOT) : "";
    boolean inBase = !asset.isEmpty() && !symbol.endsWith(asset) && symbol.startsWith(asset);
    return inBase && commission.signum() > 0 && commission.compareTo(qty) < 0 ? commission : BigDecimal.ZERO;
  }

  /**
   * A fill's commission in the quote asset, as the ledger's fee is: Binance charges it in the asset received
   * (a buy pays in the base asset: converted at the fill's price) or in BNB. A symbol is its base asset's
   * name followed by its quote's, so the commission asset is told by the symbol alone. A fee in a third asset
   * (BNB) has no price here and is left out: 0, never a BNB amount counted as the quote.
   */
  static BigDecimal feeInQuote(String symbol, BigDecimal price, BigDecimal commission, JsonNode commissionAsset) {
    String asset = commissionAsset.isTextual() ? commissionAsset.asText().toUpperCase(Locale.ROOT) : "";
    if (commission.signum() == 0 || asset.isEmpty()) {
      return commission.signum() == 0 ? BigDecimal.ZERO : commission;
    }
    if (symbol.endsWith(asset)) {
      return commission;
    }
    if (symbol.startsWith(asset)) {
      return commission.multiply(price);
    }
    return BigDecimal.ZERO;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("Binance sent no text " + field);
    }
    return value.asText();
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber()) {
      throw new IllegalArgumentException("Binance sent no whole number " + field);
    }
    return value.asLong();
  }

  private static BigDecimal decimal(JsonNode node, String field) {
    try {
      return new BigDecimal(text(node, field));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Binance sent a malformed decimal " + field + ": " + node.get(field));
    }
  }
}
