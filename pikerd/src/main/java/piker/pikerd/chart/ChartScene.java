package piker.pikerd.chart;

import java.math.BigDecimal;
import java.util.List;
import piker.contracts.market.Bar;

/**
 * What a chart shows, apart from how it is viewed: a title, the bars held (oldest first), the market's
 * resting orders and a status line (empty when all is well).
 */
public record ChartScene(String title, List<Bar> bars, List<OrderLine> orders, String status) {
  /** A resting order: its side (buy, sell, alert), size and limit or trigger price. */
  public record OrderLine(String side, BigDecimal size, BigDecimal price) {
    public String label() {
      return side + " " + size.stripTrailingZeros().toPlainString() + " @ " + price.stripTrailingZeros().toPlainString();
    }
  }

  public ChartScene {
    bars = List.copyOf(bars);
    orders = List.copyOf(orders);
    status = status == null ? "" : status;
  }
}
