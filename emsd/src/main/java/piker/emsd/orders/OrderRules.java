package piker.emsd.orders;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.market.MktPair;
import piker.contracts.market.Scale;
import piker.contracts.market.Ticks;
import piker.contracts.names.AccountName;
import piker.contracts.names.Fqme;
import piker.contracts.orders.OrderAction;

/**
 * Validation of client orders, whoever sends them, in two steps: what can be checked without the
 * market ({@link #checkShape}), then against the market's ticks, the modify rules and the account's
 * risk limits ({@link #checkMarket}). A failure is a reason for an {@code error} status; nothing else
 * changes.
 */
public final class OrderRules {
  private OrderRules() {}

  /** The first step's result code: shaped, or refused with the reason. */
  public sealed interface Checked permits Shaped, Refused {}

  /** An order that passed the first step: its account resolved, its fqme and action parsed, its exec mode known. */
  public record Shaped(EmsProtocol.Order order, String account, Fqme fqme, OrderAction action, boolean dark)
      implements Checked {
    /** The same order routed to another account (a live account's broker has no key: paper). */
    public Shaped routedTo(String otherAccount) {
      return new Shaped(order, otherAccount, fqme, action, dark);
    }
  }

  /** The reason becomes the {@code error} status's reason. */
  public record Refused(String reason) implements Checked {}

  /**
   * @param knownAccounts every account emsd serves ({@code <broker>.paper} and the configured live ones)
   * @param brokers       installed backends
   */
  public static Checked checkShape(EmsProtocol.Order order, Set<String> knownAccounts, Set<String> brokers) {
    if (!EmsProtocol.validOid(order.oid())) {
      String shown = order.oid() == null || order.oid().length() <= EmsProtocol.MAX_OID ? order.oid()
          : order.oid().substring(0, EmsProtocol.MAX_OID) + "...";
      return new Refused("invalid oid '" + shown + "': " + EmsProtocol.OID_RULE);
    }
    Optional<OrderAction> action = OrderAction.parse(order.action());
    if (action.isEmpty()) {
      return new Refused("invalid action '" + order.action() + "': use buy, sell or alert");
    }
    Fqme fqme;
    try {
      fqme = Fqme.parse(order.fqme());
    } catch (IllegalArgumentException e) {
      return new Refused(e.getMessage());
    }
    if (!brokers.contains(fqme.broker())) {
      return new Refused("unknown backend '" + fqme.broker() + "' in fqme " + fqme);
    }
    String exec = order.exec() == null ? "live" : order.exec();
    if (!exec.equals("live") && !exec.equals("dark")) {
      return new Refused("invalid exec mode '" + exec + "': use live or dark");
    }
    // bounded first: the reasons below print the numbers
    if (order.price() != null && !Ticks.bounded(order.price()) || order.size() != null && !Ticks.bounded(order.size())) {
      return new Refused("price or size out of range: " + Ticks.BOUND_RULE);
    }
    if (order.price() == null || order.price().signum() < 0) {
      return new Refused("invalid price " + plain(order.price()) + ": it must be a decimal >= 0");
    }
    if (order.size() == null || order.size().signum() <= 0) {
      return new Refused("invalid size " + plain(order.size()) + ": it must be a decimal > 0");
    }
    String account = order.account() == null || order.account().equals("paper")
        ? fqme.broker() + ".paper" : order.account();
    if (!knownAccounts.contains(account)) {
      return new Refused("unknown account '" + account + "'; known: " + String.join(", ", new TreeSet<>(knownAccounts)));
    }
    if (!AccountName.parse(account).broker().equals(fqme.broker())) {
      return new Refused("account " + account + " cannot trade " + fqme + " (another broker's market)");
    }
    // alerts never reach a broker: they always wait in the trigger book
    boolean dark = exec.equals("dark") || action.get() == OrderAction.ALERT;
    return new Shaped(order, account, fqme, action.get(), dark);
  }

  /**
   * The second step, with the market's details, its last price in the market's price units ({@link Scale#NONE}
   * when unknown) and, for a modify, the active dialog. Ticks and risk are checked in the market's scaled
   * longs, exactly; a value too large for a long is checked in decimals instead.
   */
  public static Optional<String> checkMarket(Shaped shaped, MktPair mkt, long last, Optional<Dialog> active,
                                             RiskLimits risk) {
    EmsProtocol.Order order = shaped.order();
    Scale priceScale = mkt.priceScale();
    Scale sizeScale = mkt.sizeScale();
    long price = unitsIfFit(order.price(), priceScale);
    long size = unitsIfFit(order.size(), sizeScale);
    if (!onTick(order.price(), price, priceScale, mkt.priceTick())) {
      return Optional.of("price " + order.price().toPlainString() + " is not on " + mkt.fqme() + "'s price tick "
          + mkt.priceTick().toPlainString());
    }
    if (!onTick(order.size(), size, sizeScale, mkt.sizeTick())) {
      return Optional.of("size " + order.size().toPlainString() + " is not on " + mkt.fqme() + "'s size tick "
          + mkt.sizeTick().toPlainString());
    }
    if (active.isPresent()) {
      Dialog dialog = active.get();
      if (!dialog.account().equals(shaped.account())) {
        return Optional.of("order " + dialog.oid() + " belongs to account " + dialog.account()
            + ": a modify must come from the same account");
      }
      if (!dialog.fqme().equals(shaped.fqme().toString()) || dialog.action() != shaped.action()) {
        return Optional.of("order " + dialog.oid() + " is a " + dialog.action().wire() + " of " + dialog.fqme()
            + ": a modify may change only price and size");
      }
      if (dialog.cancelRequested()) {
        return Optional.of("order " + dialog.oid() + " is being canceled");
      }
      if (dialog.dark() != shaped.dark()) {
        return Optional.of("order " + dialog.oid() + " is " + (dialog.dark() ? "dark" : "live")
            + ": a modify cannot change its exec mode");
      }
      if (order.size().compareTo(dialog.filled()) <= 0) {
        return Optional.of("size " + order.size().toPlainString() + " is not above what order " + dialog.oid()
            + " has filled (" + dialog.filled().toPlainString() + ")");
      }
    }
    if (shaped.action() == OrderAction.ALERT) {
      return Optional.empty();
    }
    if (paper(shaped.account()) && !mkt.reachesMinSize(order.size())) {
      // as the venue would refuse it live (Kraken's ordermin, Binance's LOT_SIZE minQty)
      return Optional.of("size " + order.size().toPlainString() + " is below " + mkt.fqme()
          + "'s minimum order size " + mkt.minSize().toPlainString());
    }
    if (paper(shaped.account()) && !mkt.reachesMinNotional(order.price(), order.size())) {
      // a paper order is refused as the venue would refuse it live (Binance's NOTIONAL, Kraken's costmin); a live
      // one is checked by brokerd against the venue's own filters, which it names
      return Optional.of("price × size " + order.price().multiply(order.size()).toPlainString() + " is below "
          + mkt.fqme() + "'s minimum order value " + mkt.minNotional().toPlainString());
    }
    BigDecimal lastDecimal = priceScale.decimal(last);
    RiskLimits.Limit breached = price == Scale.NONE || size == Scale.NONE
        ? risk.breachedInDecimals(order.price(), order.size(), lastDecimal)
        : risk.breached(price, priceScale.decimals(), size, sizeScale.decimals(), last);
    return breached == null ? Optional.empty()
        : Optional.of(risk.reason(breached, order.price(), order.size(), lastDecimal));
  }

  private static boolean paper(String account) {
    try {
      return piker.contracts.names.AccountName.parse(account).isPaper();
    } catch (IllegalArgumentException e) {
      return false; // refused by the account checks that run before these
    }
  }

  /** {@code value} in {@code scale}'s units, or {@link Scale#NONE} when it is finer than the scale or past a long. */
  private static long unitsIfFit(BigDecimal value, Scale scale) {
    try {
      return scale.units(value);
    } catch (ArithmeticException e) {
      return Scale.NONE;
    }
  }

  /**
   * Whether a value is a whole number of ticks: an exact {@code %} on its units; a value past a long
   * ({@code units} NONE but on the scale) is checked in decimals, one finer than the scale is off the tick.
   */
  private static boolean onTick(BigDecimal value, long units, Scale scale, BigDecimal tick) {
    if (units != Scale.NONE) {
      return units % scale.units(tick) == 0;
    }
    return Ticks.onTick(value, tick);
  }

  private static String plain(BigDecimal value) {
    return value == null ? "(missing)" : value.toPlainString();
  }

}
