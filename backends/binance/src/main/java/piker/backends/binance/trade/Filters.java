package piker.backends.binance.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Optional;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

/**
 * A symbol's order rules from {@code exchangeInfo} ({@code symbols[].filters}, `filters.md`), checked before a
 * LIMIT order is sent (docs/venues/binance.md 6.2, 13.5) so that an order Binance would refuse is refused
 * here, in Binance's own words ({@code -1013} "Filter failure: PRICE_FILTER"), without a request. Exact
 * decimal arithmetic throughout; a rule whose value is 0 is off (`filters.md` says so for PRICE_FILTER;
 * we read the other filters the same way rather than divide by a zero step). Other filters (PERCENT_PRICE,
 * MAX_NUM_ORDERS, ...) depend on venue state and are left to Binance.
 */
public final class Filters {
  /** Binance's code for a filter failure (`errors.md › -1013`). */
  public static final String FILTER_FAILURE = "-1013";

  private final Range price;
  private final Range quantity;
  private final Range notional;
  private final Range minNotional;

  /** Min, max and step of one rule; null where the filter is absent, zero where a part is off. */
  private record Range(BigDecimal min, BigDecimal max, BigDecimal step) {}

  private Filters(Range price, Range quantity, Range notional, Range minNotional) {
    this.price = price;
    this.quantity = quantity;
    this.notional = notional;
    this.minNotional = minNotional;
  }

  /** No rules: everything passes, decimals go out stripped of trailing zeros. */
  public static Filters none() {
    return new Filters(null, null, null, null);
  }

  /** The rules in a symbol's {@code filters} array; filters we do not check are skipped. */
  public static Filters from(JsonNode filters) {
    Range price = null;
    Range quantity = null;
    Range notional = null;
    Range minNotional = null;
    for (JsonNode filter : filters) {
      switch (filter.path("filterType").asText()) {
        case "PRICE_FILTER" -> price = new Range(decimal(filter, "minPrice"), decimal(filter, "maxPrice"),
            decimal(filter, "tickSize"));
        case "LOT_SIZE" -> quantity = new Range(decimal(filter, "minQty"), decimal(filter, "maxQty"),
            decimal(filter, "stepSize"));
        // filters.md defines each on its own: a symbol carrying both is held to both.
        case "NOTIONAL" -> notional = new Range(decimal(filter, "minNotional"), decimal(filter, "maxNotional"),
            BigDecimal.ZERO);
        case "MIN_NOTIONAL" -> minNotional = new Range(decimal(filter, "minNotional"), BigDecimal.ZERO, BigDecimal.ZERO);
        default -> { } // checked by Binance alone
      }
    }
    return new Filters(price, quantity, notional, minNotional);
  }

  /** Refuses a LIMIT order Binance would refuse for these filters: a {@link RemoteException} typed {@code -1013}. */
  public void check(BigDecimal orderPrice, BigDecimal orderQuantity) {
    Optional<RemoteError> refusal = refusal(orderPrice, orderQuantity);
    if (refusal.isPresent()) {
      throw refusal.get().toException();
    }
  }

  /** Why Binance would refuse this price and quantity, in its words and with the values; empty when it passes. */
  public Optional<RemoteError> refusal(BigDecimal orderPrice, BigDecimal orderQuantity) {
    String why = breach(price, orderPrice, "price", "minPrice", "maxPrice", "tickSize");
    if (why != null) {
      return fail("PRICE_FILTER", why);
    }
    why = breach(quantity, orderQuantity, "quantity", "minQty", "maxQty", "stepSize");
    if (why != null) {
      return fail("LOT_SIZE", why);
    }
    BigDecimal value = orderPrice.multiply(orderQuantity);
    why = breach(minNotional, value, "price * quantity", "minNotional", "maxNotional", null);
    if (why != null) {
      return fail("MIN_NOTIONAL", why);
    }
    why = breach(notional, value, "price * quantity", "minNotional", "maxNotional", null);
    return why == null ? Optional.empty() : fail("NOTIONAL", why);
  }

  /** A price as sent: plain text (never {@code 1E-8}) with exactly the tick's decimals when it is on the tick. */
  public String wirePrice(BigDecimal value) {
    return wire(value, price);
  }

  /** A quantity as sent: plain text with exactly the step's decimals when it is on the step. */
  public String wireQuantity(BigDecimal value) {
    return wire(value, quantity);
  }

  private static String breach(Range rule, BigDecimal value, String what, String minName, String maxName,
                               String stepName) {
    if (rule == null) {
      return null;
    }
    if (on(rule.min()) && value.compareTo(rule.min()) < 0) {
      return what + " " + plain(value) + " is below " + minName + " " + plain(rule.min());
    }
    if (on(rule.max()) && value.compareTo(rule.max()) > 0) {
      return what + " " + plain(value) + " is above " + maxName + " " + plain(rule.max());
    }
    if (on(rule.step()) && value.remainder(rule.step()).signum() != 0) {
      return what + " " + plain(value) + " is not a multiple of " + stepName + " " + plain(rule.step());
    }
    return null;
  }

  private static Optional<RemoteError> fail(String filter, String why) {
    return Optional.of(RemoteError.of(FILTER_FAILURE, "Filter failure: " + filter + " (" + why + ")", ""));
  }

  private static String wire(BigDecimal value, Range rule) {
    BigDecimal stripped = value.stripTrailingZeros();
    int scale = rule != null && on(rule.step()) ? Math.max(0, rule.step().stripTrailingZeros().scale()) : 0;
    // Pad to the step's decimals, never cut: a value off the step keeps its digits for Binance to refuse.
    return stripped.setScale(Math.max(scale, Math.max(0, stripped.scale()))).toPlainString();
  }

  private static boolean on(BigDecimal part) {
    return part != null && part.signum() != 0;
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static BigDecimal decimal(JsonNode filter, String field) {
    JsonNode value = filter.get(field);
    // A missing or null part is off, as 0 is; decimals come as strings and are read exactly.
    return value == null || value.isNull() ? BigDecimal.ZERO : new BigDecimal(value.asText());
  }
}
