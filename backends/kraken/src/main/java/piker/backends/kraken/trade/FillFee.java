package piker.backends.kraken.trade;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import piker.backends.kraken.exchange.KrakenPair;
import piker.backends.kraken.trade.Executions.Item;

/**
 * A fill's fee as the ledger means it: an amount of the market's quote asset ({@code break_even = avg + fees / size},
 * docs/clearing.md). Orders ask for it so ({@code fee_preference: "quote"}), but Kraken "won't necessarily give you
 * your choice" (support: Fee Currency Preference), so the asset of each trade's {@code fees} is checked: the quote is
 * taken as it is; the base is converted at the fill's own price (exact: a product, and what the fee cost in the
 * quote at that trade); anything else is no amount of the quote, logged and booked as zero, like fees in several
 * assets ({@link Executions}).
 */
final class FillFee {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FillFee.class);

  private FillFee() {}

  /** The quote-asset fee of a trade item of the market {@code symbol} (v2, {@code BTC/USD}), its pair if known. */
  static BigDecimal inQuote(Item trade, String symbol, Optional<KrakenPair> pair) {
    if (trade.fee() == null) {
      return BigDecimal.ZERO; // none, or several assets (logged where read)
    }
    if (trade.fee().signum() == 0) {
      return trade.fee();
    }
    String asset = trade.feeAsset();
    String[] assets = symbol == null ? new String[0] : symbol.split("/", 2);
    if (assets.length == 2 && (same(asset, assets[1]) || pair.map(p -> same(asset, p.quote())).orElse(false))) {
      return trade.fee();
    }
    if (assets.length == 2 && trade.lastPrice() != null
        && (same(asset, assets[0]) || pair.map(p -> same(asset, p.base())).orElse(false))) {
      return trade.fee().multiply(trade.lastPrice());
    }
    LOG.warn("kraken trade {} on {}: fee {} {} is in neither of the pair's assets; the fill's fee is left unknown (0)",
        trade.execId(), symbol, trade.fee().toPlainString(), asset);
    return BigDecimal.ZERO;
  }

  /**
   * The fee when Kraken took it in the pair's base asset, in base units, else 0: the position then moves by the size
   * less it, as the balance does ({@code inQuote} keeps its cost). A fee as large as the trade is not taken so.
   */
  static BigDecimal inBase(Item trade, String symbol, Optional<KrakenPair> pair) {
    if (trade.fee() == null || trade.fee().signum() <= 0 || trade.lastQty() == null) {
      return BigDecimal.ZERO;
    }
    String asset = trade.feeAsset();
    String[] assets = symbol == null ? new String[0] : symbol.split("/", 2);
    if (assets.length != 2 || same(asset, assets[1]) || pair.map(p -> same(asset, p.quote())).orElse(false)) {
      return BigDecimal.ZERO;
    }
    boolean base = same(asset, assets[0]) || pair.map(p -> same(asset, p.base())).orElse(false);
    return base && trade.fee().compareTo(trade.lastQty()) < 0 ? trade.fee() : BigDecimal.ZERO;
  }

  /** Kraken's v2 names ({@code USD}) and REST codes ({@code ZUSD}) of one asset, either spelling. */
  private static boolean same(String asset, String name) {
    return asset != null && name != null && !name.isEmpty() && asset.toUpperCase(Locale.ROOT)
        .equals(name.toUpperCase(Locale.ROOT));
  }
}
