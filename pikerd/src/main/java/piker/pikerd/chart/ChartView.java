package piker.pikerd.chart;

import java.util.Optional;

/**
 * What part of a market's bars a chart shows, and how: the bar period, how many bar slots fit across
 * (the zoom), how many bars the right edge sits back from the newest (the pan; 0 follows the newest)
 * and where the crosshair is. Immutable and free of Swing: a window maps its events to these steps.
 *
 * @param period  bar period in seconds, 1 or 60
 * @param visible bar slots across the plot, {@link #MIN_VISIBLE}..{@link #MAX_VISIBLE}
 * @param offset  bars between the newest bar and the right edge; never negative
 * @param cursor  the crosshair's pixel position, when the pointer is over the chart
 */
public record ChartView(int period, int visible, int offset, Optional<Cursor> cursor) {
  public static final int MIN_VISIBLE = 10;
  public static final int MAX_VISIBLE = 2_000;
  public static final int DEFAULT_VISIBLE = 120;
  private static final double ZOOM_STEP = 1.25;

  /** A pixel position in the chart's image. */
  public record Cursor(int x, int y) {}

  /** The visible bars as indices into the bars held: {@code [from, to)}; {@code to} is the right edge's slot. */
  public record Range(int from, int to) {
    public int size() {
      return to - from;
    }
  }

  public ChartView {
    if (period != 1 && period != 60) {
      throw new IllegalArgumentException("period must be 1 or 60 seconds, not " + period);
    }
    visible = Math.max(MIN_VISIBLE, Math.min(MAX_VISIBLE, visible));
    offset = Math.max(0, offset);
    cursor = cursor == null ? Optional.empty() : cursor;
  }

  /** A fresh view of {@code period}-second bars following the newest. */
  public static ChartView following(int period) {
    return new ChartView(period, DEFAULT_VISIBLE, 0, Optional.empty());
  }

  /** Which of {@code total} bars are shown; the pan never goes past the oldest screenful. */
  public Range range(int total) {
    int to = total - Math.min(offset, maxOffset(total));
    return new Range(Math.max(0, to - visible), Math.max(0, to));
  }

  /** Fewer slots (bigger candles), keeping the bar at {@code anchor} (0 = left edge, 1 = right edge) in place. */
  public ChartView zoomIn(double anchor) {
    return zoomTo((int) Math.floor(visible / ZOOM_STEP), anchor);
  }

  /** More slots (smaller candles), keeping the bar at {@code anchor} in place. */
  public ChartView zoomOut(double anchor) {
    return zoomTo((int) Math.ceil(visible * ZOOM_STEP), anchor);
  }

  private ChartView zoomTo(int wanted, double anchor) {
    int next = Math.max(MIN_VISIBLE, Math.min(MAX_VISIBLE, wanted));
    double fromRight = 1 - Math.max(0, Math.min(1, anchor));
    // the anchored bar sits fromRight * visible slots left of the right edge, before and after
    int shift = (int) Math.round(fromRight * (visible - next));
    return new ChartView(period, next, offset + shift, cursor);
  }

  /** Moves the view {@code bars} bars back in time (negative: forward), within the {@code total} held. */
  public ChartView pan(int bars, int total) {
    int from = Math.min(offset, maxOffset(total));
    return new ChartView(period, visible, Math.min(maxOffset(total), from + bars), cursor);
  }

  /** A drag of {@code dx} pixels on a plot {@code plotWidth} wide: the bars follow the pointer. */
  public ChartView drag(int dx, int plotWidth, int total) {
    double slot = plotWidth / (double) visible;
    return pan((int) Math.round(dx / slot), total);
  }

  /** The oldest screenful of the {@code total} bars held. */
  public ChartView home(int total) {
    return new ChartView(period, visible, maxOffset(total), cursor);
  }

  /** Back to following the newest bar. */
  public ChartView end() {
    return new ChartView(period, visible, 0, cursor);
  }

  /** New bars came in: a view panned back stays on the same bars; one following the newest moves on. */
  public ChartView appended(int bars) {
    return offset == 0 || bars <= 0 ? this : new ChartView(period, visible, offset + bars, cursor);
  }

  /** The other period (1 s and 1 m), following its newest bar: the bars of one say nothing of the other's. */
  public ChartView otherPeriod() {
    return withPeriod(period == 1 ? 60 : 1);
  }

  public ChartView withPeriod(int seconds) {
    return seconds == period ? this : new ChartView(seconds, visible, 0, cursor);
  }

  public ChartView withCursor(int x, int y) {
    return new ChartView(period, visible, offset, Optional.of(new Cursor(x, y)));
  }

  public ChartView withoutCursor() {
    return new ChartView(period, visible, offset, Optional.empty());
  }

  /** The period as users write it. */
  public String periodText() {
    return period == 1 ? "1s" : "1m";
  }

  private int maxOffset(int total) {
    return Math.max(0, total - visible);
  }
}
