package piker.brokerd.account;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import piker.accounting.Clear;
import piker.contracts.spi.TradeClient.VenuePosition;

/**
 * The ledger's positions against what the venue holds; plain code.
 *
 * <p>A position the venue keeps per market (sim, derivatives) must equal the ledger's net size of that
 * market exactly, in every market either side names: any difference blocks new orders (fail closed).
 *
 * <p>On a spot venue a position is a balance of the market's base asset, which pikerd's ledger explains
 * only in part: deposits, withdrawals, trades before pikerd or in markets it does not follow, the asset spent
 * as the quote of another market (BTC paying for ETHBTC), fees paid in it for other trades, and a buy's fee
 * taken from the asset bought all move it. So per base asset the ledger's net size over the markets of that
 * asset is compared with the balance, and a difference is reported, never blocking:
 * <ul>
 *   <li>the balance holds more: the account holds assets from outside pikerd;</li>
 *   <li>the balance holds less than the ledger, beyond what the ledger's buys may have paid in fees taken
 *       from the asset bought (each buy's fee, at most 1% of its size): the asset went where the ledger does
 *       not follow it, or the ledger misses a sale;</li>
 *   <li>a shortfall within those fees: agreement, nothing said.</li>
 * </ul>
 * A shortfall does not block because blocking would protect nothing and stop normal use: fills are
 * reconciled from the venue's trades on their own, and the venue itself refuses a sale beyond the balance.
 * A per-market position, by contrast, only moves by fills, so a difference there means lost fills.
 */
final class PositionCheck {
  /** A fee taken from the asset bought is never more than this share of the buy (no spot venue charges 1%). */
  private static final BigDecimal MAX_FEE_SHARE = new BigDecimal("0.01");

  private PositionCheck() {}

  /** What blocks new orders ({@code blocking}, each a market or asset) and what is only reported. */
  record Verdict(List<String> blocking, List<String> notices) {
    boolean agrees() {
      return blocking.isEmpty();
    }
  }

  /**
   * @param ledgerNet net size per bs_fqme of the ledger's open positions
   * @param clears    every clear of the ledger (for the fees its buys may have paid in the asset bought)
   * @param venue     what the venue answered
   */
  static Verdict compare(Map<String, BigDecimal> ledgerNet, List<Clear> clears, List<VenuePosition> venue) {
    List<String> blocking = new ArrayList<>();
    List<String> notices = new ArrayList<>();
    Map<String, BigDecimal> perMarket = new TreeMap<>();
    Map<String, BigDecimal> balances = new TreeMap<>();
    Map<String, Set<String>> marketsOfAsset = new TreeMap<>();
    for (VenuePosition position : venue) {
      if (position.isBalance()) {
        balances.put(position.asset(), position.size());
        marketsOfAsset.computeIfAbsent(position.asset(), asset -> new TreeSet<>()).add(position.bsFqme());
      } else {
        perMarket.merge(position.bsFqme(), position.size(), BigDecimal::add);
      }
    }
    Set<String> inBalances = new TreeSet<>();
    marketsOfAsset.values().forEach(inBalances::addAll);

    Set<String> markets = new TreeSet<>(perMarket.keySet());
    ledgerNet.keySet().stream().filter(market -> !inBalances.contains(market)).forEach(markets::add);
    for (String market : markets) {
      BigDecimal ours = ledgerNet.getOrDefault(market, BigDecimal.ZERO);
      BigDecimal theirs = perMarket.getOrDefault(market, BigDecimal.ZERO);
      if (ours.compareTo(theirs) != 0) {
        blocking.add(market + ": ledger " + ours.toPlainString() + ", venue " + theirs.toPlainString());
      }
    }

    for (Map.Entry<String, Set<String>> asset : marketsOfAsset.entrySet()) {
      BigDecimal ours = BigDecimal.ZERO;
      for (String market : asset.getValue()) {
        ours = ours.add(ledgerNet.getOrDefault(market, BigDecimal.ZERO));
      }
      BigDecimal held = balances.get(asset.getKey());
      String where = asset.getKey() + " (" + String.join(", ", asset.getValue()) + ")";
      int sign = held.compareTo(ours);
      if (sign > 0) {
        notices.add(where + ": the account holds " + held.toPlainString() + ", the ledger accounts for "
            + ours.toPlainString() + "; the rest came from outside pikerd");
      } else if (sign < 0 && ours.subtract(held).compareTo(buyFees(clears, asset.getValue())) > 0) {
        notices.add(where + ": the account holds " + held.toPlainString() + ", less than the ledger's "
            + ours.toPlainString() + "; spent as another market's quote, paid as fees or moved outside pikerd, or a"
            + " sale the ledger misses");
      }
    }
    return new Verdict(List.copyOf(blocking), List.copyOf(notices));
  }

  /** What the ledger's buys in these markets may have paid in the asset bought: each fee, capped at 1% of the buy. */
  static BigDecimal buyFees(List<Clear> clears, Set<String> markets) {
    BigDecimal fees = BigDecimal.ZERO;
    for (Clear clear : clears) {
      if (clear.size().signum() > 0 && markets.contains(clear.fqme().bsFqme())) {
        fees = fees.add(clear.cost().min(clear.size().multiply(MAX_FEE_SHARE)));
      }
    }
    return fees;
  }
}
