package piker.backends.kraken.exchange;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import piker.contracts.market.MktPair;

/**
 * One Kraken spot pair as {@code AssetPairs} describes it (docs/venues/kraken.md 6.2 and 7), with every
 * spelling a user or a Kraken message may use for it, and its {@link MktPair}.
 *
 * @param key        the AssetPairs key, {@code XXBTZUSD}: what REST results are keyed by and trades carry in
 *                   {@code pair}; also {@link MktPair#bsMktid()}
 * @param altname    REST's alternate name, {@code XBTUSD}
 * @param wsname     the WebSocket v1 name, {@code XBT/USD}
 * @param symbol     the WebSocket v2 symbol, {@code BTC/USD} (see {@link AssetPairs#v2Symbol})
 * @param base       Kraken's asset code of the base, {@code XXBT}
 * @param quote      Kraken's asset code of the quote, {@code ZUSD}
 * @param tickSize   the price increment, exact
 * @param pairDecimals price decimals
 * @param lotDecimals  volume decimals: the size step is 10^-lotDecimals
 * @param ordermin   least order volume (base), exact; zero when not given
 * @param costmin    least order cost (quote), exact; zero when not given
 * @param status     {@code online}, {@code cancel_only}, {@code post_only}, {@code limit_only},
 *                   {@code reduce_only}, {@code maintenance}, {@code delisted}, …
 * @param pair       the market as piker names it, {@code btcusd.spot.kraken}
 */
public record KrakenPair(String key, String altname, String wsname, String symbol, String base, String quote,
                         BigDecimal tickSize, int pairDecimals, int lotDecimals, BigDecimal ordermin,
                         BigDecimal costmin, String status, MktPair pair) {
  public static final String ONLINE = "online";

  /** piker's key for it, {@code btcusd.spot}: the canonical spelling (BRIEF17: Kraken's v2 name). */
  public String bsFqme() {
    return pair.fqme().bsFqme();
  }

  /** Whether the pair is listed for trading now (not {@code delisted}); quotes are served while it is. */
  public boolean listed() {
    return !"delisted".equals(status);
  }

  /** Whether new orders of any kind are accepted now. */
  public boolean online() {
    return ONLINE.equals(status);
  }

  /** The size step, 10^-lot_decimals. */
  public BigDecimal lotStep() {
    return BigDecimal.ONE.movePointLeft(lotDecimals);
  }

  /**
   * Every spelling that names this pair, lower case, without the venue: the v2 name ({@code btcusd},
   * {@code btc/usd}), the altname ({@code xbtusd}), the v1 name ({@code xbt/usd}) and the key ({@code xxbtzusd}).
   */
  public List<String> spellings() {
    return List.of(pair.fqme().pair(), lower(symbol), lower(altname), lower(wsname), lower(key)).stream()
        .filter(name -> !name.isEmpty()).distinct().toList();
  }

  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }
}
