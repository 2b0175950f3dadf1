package piker.pikerd.chart;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import piker.contracts.market.Bar;

/** Prices as the market writes them: as many decimals as its last price carries (2 to 8), grouped. */
record PriceFormat(int decimals) {
  static PriceFormat of(List<Bar> bars) {
    int decimals = bars.isEmpty() ? 2 : bars.get(bars.size() - 1).close().stripTrailingZeros().scale();
    return new PriceFormat(Math.max(2, Math.min(8, decimals)));
  }

  String format(double price) {
    DecimalFormat format = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
        DecimalFormatSymbols.getInstance(Locale.ROOT));
    return format.format(price);
  }
}
