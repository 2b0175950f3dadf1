package piker.pikerd.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import piker.contracts.market.Bar;

/** The chart's axes and crosshair: grid lines, price and time labels, tags on the price axis. */
final class ChartAxes {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final Stroke DOTTED = new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
      new float[] {2, 3}, 0);
  private static final int LABEL_SPACING = 110;

  private ChartAxes() {}

  /** Horizontal grid lines at round prices, labelled on the right. */
  static void prices(Graphics2D g, ChartGeometry geometry, PriceFormat format) {
    Rectangle plot = geometry.candles();
    double step = roundStep((geometry.high() - geometry.low()) / Math.max(2, plot.height / 60));
    for (double price = Math.ceil(geometry.low() / step) * step; price <= geometry.high(); price += step) {
      int y = geometry.y(price);
      g.setColor(ChartRenderer.GRID);
      g.drawLine(plot.x, y, plot.x + plot.width - 1, y);
      g.setColor(ChartRenderer.TEXT);
      g.drawString(format.format(price), plot.x + plot.width + 6, y + 4);
    }
  }

  /** Vertical grid lines every few bars, with the bar's UTC time below the volume. */
  static void times(Graphics2D g, ChartGeometry geometry, List<Bar> bars, int period) {
    Rectangle plot = geometry.candles();
    int bottom = geometry.volume().y + geometry.volume().height;
    int every = roundBars((int) Math.ceil(LABEL_SPACING / geometry.slot()));
    for (int i = geometry.range().from(); i < geometry.range().to(); i++) {
      long time = bars.get(i).time();
      if ((time / period) % every != 0) {
        continue;
      }
      int x = geometry.x(i);
      g.setColor(ChartRenderer.GRID);
      g.drawLine(x, plot.y, x, bottom);
      String text = time(time, period);
      g.setColor(ChartRenderer.TEXT);
      g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, bottom + 15);
    }
  }

  /** A filled tag on the price axis at {@code y}. */
  static void tag(Graphics2D g, int x, int y, String text, Color color) {
    g.setColor(color);
    g.fillRect(x, y - 8, ChartGeometry.AXIS_WIDTH, 16);
    g.setColor(ChartRenderer.BACKGROUND);
    g.drawString(text, x + 6, y + 4);
  }

  /** Dotted lines through the cursor, its price and time tagged on the axes, the bar under it read out on top. */
  static void crosshair(Graphics2D g, ChartGeometry geometry, List<Bar> bars, ChartView.Cursor cursor,
                        PriceFormat format, int period, int readoutX) {
    Rectangle plot = geometry.candles();
    int bottom = geometry.volume().y + geometry.volume().height;
    if (cursor.x() < plot.x || cursor.x() >= plot.x + plot.width || cursor.y() < plot.y || cursor.y() >= bottom) {
      return;
    }
    Stroke before = g.getStroke();
    g.setStroke(DOTTED);
    g.setColor(ChartRenderer.CROSSHAIR);
    g.drawLine(cursor.x(), plot.y, cursor.x(), bottom);
    if (cursor.y() < plot.y + plot.height) {
      g.drawLine(plot.x, cursor.y(), plot.x + plot.width - 1, cursor.y());
    }
    g.setStroke(before);
    if (cursor.y() < plot.y + plot.height) {
      tag(g, plot.x + plot.width, cursor.y(), format.format(geometry.price(cursor.y())), ChartRenderer.CROSSHAIR);
    }
    int index = geometry.index(cursor.x());
    if (index < 0 || index >= bars.size()) {
      return;
    }
    Bar bar = bars.get(index);
    String when = time(bar.time(), period);
    int width = g.getFontMetrics().stringWidth(when) + 12;
    g.setColor(ChartRenderer.CROSSHAIR);
    g.fillRect(cursor.x() - width / 2, bottom + 2, width, 17);
    g.setColor(ChartRenderer.BACKGROUND);
    g.drawString(when, cursor.x() - width / 2 + 6, bottom + 15);
    String readout = String.format("%s  O %s  H %s  L %s  C %s  V %s", when, format.format(bar.open().doubleValue()),
        format.format(bar.high().doubleValue()), format.format(bar.low().doubleValue()),
        format.format(bar.close().doubleValue()), bar.volume().stripTrailingZeros().toPlainString());
    g.setColor(bar.close().compareTo(bar.open()) >= 0 ? ChartRenderer.UP : ChartRenderer.DOWN);
    g.drawString(readout, readoutX, 18);
  }

  static String time(long epochSeconds, int period) {
    return (period == 1 ? SECONDS : MINUTES).format(Instant.ofEpochSecond(epochSeconds));
  }

  /** A clock-friendly number of bars, at least {@code raw}: labels land on round times. */
  static int roundBars(int raw) {
    for (int bars : new int[] {1, 2, 5, 10, 15, 30, 60, 120, 240, 360, 720, 1440}) {
      if (bars >= raw) {
        return bars;
      }
    }
    return raw;
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double roundStep(double raw) {
    if (!(raw > 0)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double mantissa : new double[] {1, 2, 5}) {
      if (mantissa * power >= raw) {
        return mantissa * power;
      }
    }
    return 10 * power;
  }
}
