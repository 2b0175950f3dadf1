package piker.pikerd.chart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.OHLCChart;
import org.knowm.xchart.OHLCChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import piker.contracts.market.Bar;
import piker.contracts.names.Fqme;

/**
 * Draws candles over volume, the way piker's charts show a market. Prices become doubles only here,
 * for pixels; nothing computed from them goes anywhere else.
 */
public final class ChartRenderer {
  private static final double CANDLES_SHARE = 0.75;

  private ChartRenderer() {}

  public static BufferedImage render(Fqme fqme, String period, List<Bar> bars, int width, int height) {
    int candleHeight = (int) Math.round(height * CANDLES_SHARE);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    try {
      graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      candles(fqme, period, bars, width, candleHeight).paint(graphics, width, candleHeight);
      graphics.translate(0, candleHeight);
      volume(bars, width, height - candleHeight).paint(graphics, width, height - candleHeight);
    } finally {
      graphics.dispose();
    }
    return image;
  }

  /** Writes a PNG atomically: a reader never sees half an image. */
  public static void writePng(BufferedImage image, Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      if (!ImageIO.write(image, "png", tmp.toFile())) {
        throw new IOException("no PNG writer in this JVM");
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static OHLCChart candles(Fqme fqme, String period, List<Bar> bars, int width, int height) {
    OHLCChart chart = new OHLCChartBuilder().width(width).height(height).title(fqme + "  " + period).build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setChartBackgroundColor(new Color(20, 22, 28));
    chart.getStyler().setPlotBackgroundColor(new Color(20, 22, 28));
    chart.getStyler().setChartFontColor(new Color(200, 200, 200));
    chart.getStyler().setAxisTickLabelsColor(new Color(200, 200, 200));
    chart.getStyler().setPlotGridLinesColor(new Color(45, 48, 58));
    chart.getStyler().setPlotBorderVisible(false);
    chart.getStyler().setDatePattern("HH:mm:ss");
    List<Date> times = new ArrayList<>();
    List<Double> open = new ArrayList<>();
    List<Double> high = new ArrayList<>();
    List<Double> low = new ArrayList<>();
    List<Double> close = new ArrayList<>();
    for (Bar bar : bars) {
      times.add(new Date(bar.time() * 1000));
      open.add(bar.open().doubleValue());
      high.add(bar.high().doubleValue());
      low.add(bar.low().doubleValue());
      close.add(bar.close().doubleValue());
    }
    chart.addSeries("candles", times, open, high, low, close)
        .setUpColor(new Color(38, 166, 154))
        .setDownColor(new Color(239, 83, 80));
    return chart;
  }

  private static XYChart volume(List<Bar> bars, int width, int height) {
    XYChart chart = new XYChartBuilder().width(width).height(height).build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setChartBackgroundColor(new Color(20, 22, 28));
    chart.getStyler().setPlotBackgroundColor(new Color(20, 22, 28));
    chart.getStyler().setAxisTickLabelsColor(new Color(200, 200, 200));
    chart.getStyler().setPlotGridLinesColor(new Color(45, 48, 58));
    chart.getStyler().setPlotBorderVisible(false);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setXAxisTicksVisible(false);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    List<Date> times = new ArrayList<>();
    List<Double> volume = new ArrayList<>();
    for (Bar bar : bars) {
      times.add(new Date(bar.time() * 1000));
      volume.add(bar.volume().doubleValue());
    }
    chart.addSeries("volume", times, volume).setFillColor(new Color(90, 110, 160));
    return chart;
  }
}
