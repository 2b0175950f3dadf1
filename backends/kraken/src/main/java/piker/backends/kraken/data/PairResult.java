package piker.backends.kraken.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import piker.backends.kraken.rest.KrakenRest;
import piker.contracts.RemoteError;

/**
 * The pair's array in an {@code OHLC} or {@code Trades} {@code result} (docs/venues/kraken.md 6.4, 6.5). It is
 * keyed by the pair's name as Kraken spells it, which need not be the name we sent: the docs' own example asks
 * {@code pair=XBTUSD} and is answered under {@code XXBTZUSD}. So we take the one array-valued member beside
 * {@code last}, whatever its key; an empty array is a pair with nothing to give, none or several arrays an
 * answer we cannot read (one pair was asked for).
 */
final class PairResult {
  static final String UNEXPECTED = "KrakenUnexpectedAnswer";

  private PairResult() {}

  /** The pair's array; a RemoteException of {@link #UNEXPECTED} when there is not exactly one. */
  static JsonNode array(JsonNode result, String method, String sent) {
    List<String> keys = new ArrayList<>();
    JsonNode found = null;
    for (Map.Entry<String, JsonNode> member : (Iterable<Map.Entry<String, JsonNode>>) result::fields) {
      if (!member.getKey().equals("last") && member.getValue().isArray()) {
        keys.add(member.getKey());
        found = member.getValue();
      }
    }
    if (keys.size() != 1) {
      throw RemoteError.of(UNEXPECTED, "kraken's " + method + " for " + sent + " answered "
          + (keys.isEmpty() ? "no pair's array" : "several pairs' arrays " + keys) + "; one pair was asked for",
          KrakenRest.SOURCE).toException();
    }
    return found;
  }
}
