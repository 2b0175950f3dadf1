package piker.pikerd.chart;

import java.awt.Rectangle;
import java.util.List;
import piker.contracts.market.Bar;

/**
 * Where things go in a chart's image: the candle plot over the volume plot, a price axis on the right
 * and a time axis below; prices and bar indices to pixels and back. The price scale spans the visible
 * bars' lows and highs (and the last price), padded a little so no wick touches the edge.
 */
public final class ChartGeometry {
  static final int TOP = 28;
  static final int AXIS_WIDTH = 84;
  static final int TIME_AXIS = 22;
  static final int LEFT = 8;
  private static final double VOLUME_SHARE = 0.2;
  private static final double PAD = 0.06;

  private final Rectangle candles;
  private final Rectangle volume;
  private final ChartView.Range range;
  private final int visible;
  private final double low;
  private final double high;
  private final double maxVolume;

  ChartGeometry(List<Bar> bars, ChartView view, int width, int height) {
    int plotWidth = Math.max(1, width - LEFT - AXIS_WIDTH);
    int plotHeight = Math.max(2, height - TOP - TIME_AXIS);
    int volumeHeight = (int) Math.round(plotHeight * VOLUME_SHARE);
    candles = new Rectangle(LEFT, TOP, plotWidth, plotHeight - volumeHeight - 4);
    volume = new Rectangle(LEFT, TOP + plotHeight - volumeHeight, plotWidth, volumeHeight);
    range = view.range(bars.size());
    visible = view.visible();
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    double vol = 0;
    for (int i = range.from(); i < range.to(); i++) {
      Bar bar = bars.get(i);
      lo = Math.min(lo, bar.low().doubleValue());
      hi = Math.max(hi, bar.high().doubleValue());
      vol = Math.max(vol, bar.volume().doubleValue());
    }
    if (!bars.isEmpty()) {
      double last = bars.get(bars.size() - 1).close().doubleValue();
      lo = Math.min(lo, last);
      hi = Math.max(hi, last);
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    }
    // a flat market still gets a scale: a tenth of a percent around its price
    double span = hi - lo > 0 ? hi - lo : Math.max(Math.abs(hi) * 0.001, 1e-9);
    low = (hi - lo > 0 ? lo : lo - span / 2) - span * PAD;
    high = (hi - lo > 0 ? hi : hi + span / 2) + span * PAD;
    maxVolume = vol;
  }

  /** The candle plot. */
  public Rectangle candles() {
    return candles;
  }

  /** The volume plot, under the candles. */
  public Rectangle volume() {
    return volume;
  }

  public ChartView.Range range() {
    return range;
  }

  /** Width of one bar's slot in pixels. */
  public double slot() {
    return candles.width / (double) visible;
  }

  /** The y of {@code price} in the candle plot (outside the plot when the price is off the scale). */
  public int y(double price) {
    return candles.y + (int) Math.round((high - price) / (high - low) * (candles.height - 1));
  }

  /** The price at pixel row {@code y} of the candle plot. */
  public double price(int y) {
    return high - (y - candles.y) / (double) (candles.height - 1) * (high - low);
  }

  /** The x of the centre of bar {@code index}'s slot; the right edge's slot is the last. */
  public int x(int index) {
    double slotsFromLeft = index - (range.to() - visible) + 0.5;
    return candles.x + (int) Math.floor(slotsFromLeft * slot());
  }

  /** The bar index whose slot holds pixel column {@code x} (may be outside the bars held). */
  public int index(int x) {
    return (int) Math.floor((x - candles.x) / slot()) + range.to() - visible;
  }

  /** The y of {@code amount} in the volume plot. */
  public int volumeY(double amount) {
    return maxVolume <= 0 ? volume.y + volume.height
        : volume.y + volume.height - (int) Math.round(amount / maxVolume * volume.height);
  }

  public double low() {
    return low;
  }

  public double high() {
    return high;
  }
}
