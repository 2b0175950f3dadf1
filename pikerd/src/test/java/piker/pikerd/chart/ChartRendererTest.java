package piker.pikerd.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.market.Bar;
import piker.contracts.names.Fqme;

/** Pixel checks on the drawn image: each line in its colour at the row its price maps to. */
class ChartRendererTest {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;

  /** 60 one-minute bars rising from 100 to about 130, each 0.5 wide; the last closes at 129.75. */
  static List<Bar> rising(int count) {
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BigDecimal open = BigDecimal.valueOf(100 + i * 0.5);
      BigDecimal close = open.add(new BigDecimal("0.25"));
      bars.add(new Bar(1_700_000_000L + i * 60L, open, close.add(new BigDecimal("0.1")),
          open.subtract(new BigDecimal("0.1")), close, BigDecimal.valueOf(1 + i % 5)));
    }
    return bars;
  }

  private static int countInRow(BufferedImage image, int y, Rectangle within, Color color) {
    int count = 0;
    for (int x = within.x; x < within.x + within.width; x++) {
      count += image.getRGB(x, y) == color.getRGB() ? 1 : 0;
    }
    return count;
  }

  private static ChartScene scene(List<Bar> bars, ChartScene.OrderLine... orders) {
    return new ChartScene("btcusdt.spot.sim  1m", bars, List.of(orders), "");
  }

  @Test
  void theLastPriceLineRunsAcrossThePlotAtTheLastClose() {
    List<Bar> bars = rising(60);
    ChartView view = ChartView.following(60);
    BufferedImage image = ChartRenderer.render(scene(bars), view, WIDTH, HEIGHT);
    ChartGeometry geometry = new ChartGeometry(bars, view, WIDTH, HEIGHT);
    int y = geometry.y(129.75);
    Rectangle plot = geometry.candles();
    assertTrue(countInRow(image, y, plot, ChartRenderer.LAST) > plot.width / 3, "dashed line at y=" + y);
    assertEquals(0, countInRow(image, y - 6, plot, ChartRenderer.LAST), "and nowhere near it");
    // its price tagged on the axis
    assertEquals(ChartRenderer.LAST.getRGB(), image.getRGB(plot.x + plot.width + 2, y));
  }

  @Test
  void aRestingOrderIsALineInItsSidesColourAtItsPrice() {
    List<Bar> bars = rising(60);
    ChartView view = ChartView.following(60);
    ChartScene.OrderLine buy = new ChartScene.OrderLine("buy", new BigDecimal("0.01"), new BigDecimal("110"));
    ChartScene.OrderLine sell = new ChartScene.OrderLine("sell", new BigDecimal("2"), new BigDecimal("125.5"));
    BufferedImage image = ChartRenderer.render(scene(bars, buy, sell), view, WIDTH, HEIGHT);
    ChartGeometry geometry = new ChartGeometry(bars, view, WIDTH, HEIGHT);
    Rectangle plot = geometry.candles();
    assertTrue(countInRow(image, geometry.y(110), plot, ChartRenderer.BUY) > plot.width / 2);
    assertTrue(countInRow(image, geometry.y(125.5), plot, ChartRenderer.SELL) > plot.width / 2);
    assertEquals(0, countInRow(image, geometry.y(110), plot, ChartRenderer.SELL));
    assertEquals(0, countInRow(image, geometry.y(118), plot, ChartRenderer.BUY));
    assertEquals(ChartRenderer.BUY.getRGB(), image.getRGB(plot.x + plot.width + 2, geometry.y(110)));
  }

  @Test
  void anOrderOffTheScaleIsPinnedToTheNearerEdge() {
    List<Bar> bars = rising(60);
    ChartView view = ChartView.following(60);
    ChartScene.OrderLine far = new ChartScene.OrderLine("sell", BigDecimal.ONE, new BigDecimal("500"));
    BufferedImage image = ChartRenderer.render(scene(bars, far), view, WIDTH, HEIGHT);
    Rectangle plot = new ChartGeometry(bars, view, WIDTH, HEIGHT).candles();
    assertTrue(countInRow(image, plot.y, plot, ChartRenderer.SELL) > plot.width / 2);
  }

  @Test
  void labelsOfOrdersAtOneEdgeStackInsteadOfCoveringEachOther() {
    List<Bar> bars = rising(60);
    ChartView view = ChartView.following(60);
    Rectangle plot = new ChartGeometry(bars, view, WIDTH, HEIGHT).candles();
    ChartScene.OrderLine one = new ChartScene.OrderLine("buy", BigDecimal.ONE, new BigDecimal("50"));
    ChartScene.OrderLine two = new ChartScene.OrderLine("buy", new BigDecimal("2"), new BigDecimal("60"));
    BufferedImage single = ChartRenderer.render(scene(bars, one), view, WIDTH, HEIGHT);
    BufferedImage both = ChartRenderer.render(scene(bars, one, two), view, WIDTH, HEIGHT);
    // the label boxes' left border, a column of the buy colour: one box tall, then two
    Rectangle borderColumn = new Rectangle(plot.x + 4, plot.y, 1, plot.height);
    assertEquals(17, countInColumn(single, borderColumn, ChartRenderer.BUY));
    assertEquals(34, countInColumn(both, borderColumn, ChartRenderer.BUY));
  }

  private static int countInColumn(BufferedImage image, Rectangle column, Color color) {
    int count = 0;
    for (int y = column.y; y < column.y + column.height; y++) {
      count += image.getRGB(column.x, y) == color.getRGB() ? 1 : 0;
    }
    return count;
  }

  @Test
  void candlesTakeTheirDirectionsColourAndZoomWidensThem() {
    List<Bar> bars = new ArrayList<>(rising(60));
    Bar last = bars.remove(bars.size() - 1);
    // a falling last bar: open above close
    bars.add(new Bar(last.time(), new BigDecimal("131"), new BigDecimal("131.5"), new BigDecimal("128"),
        new BigDecimal("129"), BigDecimal.ONE));
    ChartView view = ChartView.following(60);
    ChartGeometry geometry = new ChartGeometry(bars, view, WIDTH, HEIGHT);
    BufferedImage image = ChartRenderer.render(scene(bars), view, WIDTH, HEIGHT);
    assertEquals(ChartRenderer.DOWN.getRGB(), image.getRGB(geometry.x(59), geometry.y(130.5)));
    assertEquals(ChartRenderer.UP.getRGB(), image.getRGB(geometry.x(30), geometry.y(115.1)));

    ChartView zoomed = view.zoomIn(1).zoomIn(1).zoomIn(1);
    ChartGeometry closer = new ChartGeometry(bars, zoomed, WIDTH, HEIGHT);
    BufferedImage big = ChartRenderer.render(scene(bars), zoomed, WIDTH, HEIGHT);
    int body = (int) Math.floor(closer.slot() * 0.7) / 2 - 1;
    assertEquals(ChartRenderer.DOWN.getRGB(), big.getRGB(closer.x(59) + body, closer.y(130.5)));
    assertNotEquals(ChartRenderer.DOWN.getRGB(), image.getRGB(geometry.x(59) + body, geometry.y(130.5)));
  }

  @Test
  void theCrosshairTagsThePriceUnderThePointer() {
    List<Bar> bars = rising(60);
    ChartView view = ChartView.following(60);
    ChartGeometry geometry = new ChartGeometry(bars, view, WIDTH, HEIGHT);
    Rectangle plot = geometry.candles();
    int x = plot.x + plot.width / 2;
    int y = geometry.y(112);
    BufferedImage without = ChartRenderer.render(scene(bars), view, WIDTH, HEIGHT);
    BufferedImage with = ChartRenderer.render(scene(bars), view.withCursor(x, y), WIDTH, HEIGHT);
    assertEquals(ChartRenderer.CROSSHAIR.getRGB(), with.getRGB(plot.x + plot.width + 2, y));
    assertNotEquals(ChartRenderer.CROSSHAIR.getRGB(), without.getRGB(plot.x + plot.width + 2, y));
    assertTrue(countInRow(with, y, plot, ChartRenderer.CROSSHAIR) > plot.width / 4, "the horizontal hair");
    assertEquals(112, geometry.price(y), 0.1);
  }

  @Test
  void thePngPathDrawsEveryBarWithTheLastPriceLine(@TempDir Path dir) throws Exception {
    List<Bar> bars = rising(60);
    Path file = dir.resolve("chart.png");
    ChartRenderer.writePng(ChartRenderer.render(Fqme.parse("btcusdt.spot.sim"), "1m", bars, WIDTH, HEIGHT), file);
    BufferedImage read = ImageIO.read(file.toFile());
    assertEquals(WIDTH, read.getWidth());
    ChartView all = new ChartView(60, 60, 0, Optional.empty());
    ChartGeometry geometry = new ChartGeometry(bars, all, WIDTH, HEIGHT);
    assertEquals(new ChartView.Range(0, 60), geometry.range());
    assertEquals(ChartRenderer.UP.getRGB(), read.getRGB(geometry.x(0), geometry.y(100.1)));
    assertTrue(countInRow(read, geometry.y(129.75), geometry.candles(), ChartRenderer.LAST) > 0);
  }

  @Test
  void noBarsYetIsAPictureToo() {
    BufferedImage image = ChartRenderer.render(scene(List.of()), ChartView.following(1), WIDTH, HEIGHT);
    assertEquals(ChartRenderer.BACKGROUND.getRGB(), image.getRGB(WIDTH / 2, HEIGHT / 2));
  }
}
