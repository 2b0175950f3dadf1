package piker.emsd.orders;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.market.MktPair;
import piker.contracts.market.Ticks;
import piker.contracts.names.Fqme;

/**
 * Validation of client orders, whoever sends them, in two steps: what can be checked without the
 * market ({@link #checkShape}), then against the market's ticks, the modify rules and the account's
 * risk limits ({@link #checkMarket}). A failure is a reason for an {@code error} status; nothing else
 * changes.
 */
public final class OrderRules {
  private static final Set<String> ACTIONS = Set.of("buy", "sell", "alert");

  private OrderRules() {}

  /** The first step's result code: shaped, or refused with the reason. */
  public sealed interface Checked permits Shaped, Refused {}

  /** An order that passed the first step: its account resolved, its fqme parsed, its exec mode known. */
  public record Shaped(EmsProtocol.Order order, String account, Fqme fqme, boolean dark) implements Checked {}

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
    if (order.action() == null || !ACTIONS.contains(order.action())) {
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
      return new Refused("unknown account '" + account + "'; known: " + String.join(", ", new java.util.TreeSet<>(knownAccounts)));
    }
    if (!account.startsWith(fqme.broker() + ".")) {
      return new Refused("account " + account + " cannot trade " + fqme + " (another broker's market)");
    }
    // alerts never reach a broker: they always wait in the trigger book
    boolean dark = exec.equals("dark") || order.action().equals("alert");
    return new Shaped(order, account, fqme, dark);
  }

  /** The second step, with the market's details and, for a modify, the active dialog. */
  public static Optional<String> checkMarket(Shaped shaped, MktPair mkt, BigDecimal last, Optional<Dialog> active,
                                 RiskLimits risk) {
    EmsProtocol.Order order = shaped.order();
    if (!mkt.onPriceTick(order.price())) {
      return Optional.of("price " + order.price().toPlainString() + " is not on " + mkt.fqme() + "'s price tick "
          + mkt.priceTick().toPlainString());
    }
    if (!mkt.onSizeTick(order.size())) {
      return Optional.of("size " + order.size().toPlainString() + " is not on " + mkt.fqme() + "'s size tick "
          + mkt.sizeTick().toPlainString());
    }
    if (active.isPresent()) {
      Dialog dialog = active.get();
      if (!dialog.account().equals(shaped.account())) {
        return Optional.of("order " + dialog.oid() + " belongs to account " + dialog.account()
            + ": a modify must come from the same account");
      }
      if (!dialog.fqme().equals(shaped.fqme().toString()) || !dialog.action().wire().equals(order.action())) {
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
    return order.action().equals("alert") ? Optional.empty() : risk.check(order.price(), order.size(), last);
  }

  private static String plain(BigDecimal value) {
    return value == null ? "(missing)" : value.toPlainString();
  }

}
