package piker.pikerd.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import piker.contracts.market.Bar;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;

/** The JSON shapes of cli.md, built as ordered maps so the field order reads well. */
final class Views {
  private Views() {}

  static Map<String, Object> quote(Quote quote) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("fqme", quote.fqme().toString());
    view.put("time_ns", quote.timeNs());
    putDecimal(view, "last", quote.last());
    putDecimal(view, "bid", quote.bid());
    putDecimal(view, "ask", quote.ask());
    view.put("ticks", quote.ticks().stream().map(Views::tick).toList());
    return view;
  }

  static String quoteText(Quote quote) {
    StringBuilder text = new StringBuilder(quote.fqme().toString());
    text.append(" last=").append(plain(quote.last())).append(" bid=").append(plain(quote.bid()))
        .append(" ask=").append(plain(quote.ask()));
    for (Tick tick : quote.ticks()) {
      text.append(' ').append(tick.type()).append(' ').append(plain(tick.price())).append('x')
          .append(plain(tick.size()));
    }
    return text.toString();
  }

  private static Map<String, Object> tick(Tick tick) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("type", tick.type());
    view.put("price", tick.price());
    view.put("size", tick.size());
    return view;
  }

  static Map<String, Object> mktInfo(MktPair mkt) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("fqme", mkt.fqme().toString());
    view.put("broker", mkt.fqme().broker());
    view.put("price_tick", mkt.priceTick());
    view.put("size_tick", mkt.sizeTick());
    view.put("taker_fee", mkt.takerFee());
    view.put("maker_fee", mkt.makerFee());
    view.put("min_notional", mkt.minNotional());
    view.put("min_size", mkt.minSize());
    view.put("dst", mkt.dst().name());
    view.put("src", mkt.src().name());
    view.put("bs_mktid", mkt.bsMktid());
    return view;
  }

  static List<String> mktInfoText(MktPair mkt) {
    return List.of("fqme        " + mkt.fqme(), "price_tick  " + plain(mkt.priceTick()),
        "size_tick   " + plain(mkt.sizeTick()), "taker_fee   " + plain(mkt.takerFee()),
        "maker_fee   " + plain(mkt.makerFee()),
        "min_notional " + plain(mkt.minNotional()), "min_size    " + plain(mkt.minSize()),
        "pair        " + mkt.dst().name() + "/" + mkt.src().name(), "bs_mktid    " + mkt.bsMktid());
  }

  static Map<String, Object> bar(Bar bar) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("time", bar.time());
    view.put("open", bar.open());
    view.put("high", bar.high());
    view.put("low", bar.low());
    view.put("close", bar.close());
    view.put("volume", bar.volume());
    return view;
  }

  /** Bars as a table for people: a header, then one row a bar with its open time in ISO-8601 (UTC). */
  static List<String> barsText(List<Bar> bars) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"time", "open", "high", "low", "close", "volume"});
    for (Bar bar : bars) {
      rows.add(new String[] {Instant.ofEpochSecond(bar.time()).toString(), plain(bar.open()), plain(bar.high()),
          plain(bar.low()), plain(bar.close()), plain(bar.volume())});
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(String.format("%-" + widths[0] + "s", row[0]));
      for (int i = 1; i < row.length; i++) {
        line.append("  ").append(String.format("%" + widths[i] + "s", row[i])); // numbers right-aligned
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static void putDecimal(Map<String, Object> view, String key, BigDecimal value) {
    if (value != null) {
      view.put(key, value);
    }
  }

  static String plain(BigDecimal value) {
    return value == null ? "-" : value.toPlainString();
  }
}
