package piker.pikerd.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import piker.contracts.market.Bar;
import piker.contracts.names.Fqme;

/**
 * Draws a chart into an image: candles over volume, price and time axes, the last price line, the
 * market's resting orders as labelled lines and the crosshair with its price, time and bar readout.
 * Prices become doubles only here, for pixels; nothing computed from them goes anywhere else.
 */
public final class ChartRenderer {
  static final Color BACKGROUND = new Color(20, 22, 28);
  static final Color GRID = new Color(38, 41, 50);
  static final Color TEXT = new Color(200, 200, 200);
  static final Color UP = new Color(38, 166, 154);
  static final Color DOWN = new Color(239, 83, 80);
  static final Color LAST = new Color(240, 185, 11);
  static final Color BUY = new Color(66, 135, 245);
  static final Color SELL = new Color(255, 120, 40);
  static final Color ALERT = new Color(190, 110, 240);
  static final Color CROSSHAIR = new Color(150, 150, 160);
  private static final Stroke DASHED = new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
      new float[] {6, 4}, 0);

  private ChartRenderer() {}

  /** The headless picture of {@code bars}: all of them across, with the last price line. */
  public static BufferedImage render(Fqme fqme, String period, List<Bar> bars, int width, int height) {
    ChartView view = new ChartView(period.equals("1s") ? 1 : 60, bars.size(), 0, Optional.empty());
    return render(new ChartScene(fqme + "  " + period, bars, List.of(), ""), view, width, height);
  }

  public static BufferedImage render(ChartScene scene, ChartView view, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    try {
      graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      paint(graphics, scene, view, new ChartGeometry(scene.bars(), view, width, height), width, height);
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

  private static void paint(Graphics2D g, ChartScene scene, ChartView view, ChartGeometry geometry, int width,
                            int height) {
    g.setColor(BACKGROUND);
    g.fillRect(0, 0, width, height);
    PriceFormat prices = PriceFormat.of(scene.bars());
    ChartAxes.prices(g, geometry, prices);
    ChartAxes.times(g, geometry, scene.bars(), view.period());
    bars(g, geometry, scene.bars());
    List<Rectangle> labels = new ArrayList<>();
    for (ChartScene.OrderLine order : scene.orders()) {
      Color color = switch (order.side()) {
        case "buy" -> BUY;
        case "sell" -> SELL;
        default -> ALERT;
      };
      level(g, geometry, order.price().doubleValue(), color, new BasicStroke(1), order.label(), prices, labels);
    }
    // the last price over the orders: its tag stays readable when the market comes to an order
    if (!scene.bars().isEmpty()) {
      Bar last = scene.bars().get(scene.bars().size() - 1);
      level(g, geometry, last.close().doubleValue(), LAST, DASHED, "", prices, new ArrayList<>());
    }
    title(g, scene);
    int readoutX = ChartGeometry.LEFT + g.getFontMetrics(g.getFont().deriveFont(Font.BOLD, 13f)).stringWidth(
        scene.title() + (scene.status().isEmpty() ? "" : "   " + scene.status())) + 24;
    view.cursor().ifPresent(cursor -> ChartAxes.crosshair(g, geometry, scene.bars(), cursor, prices, view.period(),
        readoutX));
  }

  private static void bars(Graphics2D g, ChartGeometry geometry, List<Bar> bars) {
    Rectangle plot = geometry.candles();
    Rectangle volume = geometry.volume();
    int body = Math.max(1, (int) Math.floor(geometry.slot() * 0.7));
    if (body > 2 && body % 2 == 0) {
      body--; // odd, so the wick sits in the middle
    }
    g.setClip(plot.x, plot.y, plot.width, volume.y + volume.height - plot.y);
    for (int i = geometry.range().from(); i < geometry.range().to(); i++) {
      Bar bar = bars.get(i);
      int x = geometry.x(i);
      boolean up = bar.close().compareTo(bar.open()) >= 0;
      Color color = up ? UP : DOWN;
      g.setColor(color);
      g.drawLine(x, geometry.y(bar.high().doubleValue()), x, geometry.y(bar.low().doubleValue()));
      int top = geometry.y(Math.max(bar.open().doubleValue(), bar.close().doubleValue()));
      int bottom = geometry.y(Math.min(bar.open().doubleValue(), bar.close().doubleValue()));
      g.fillRect(x - body / 2, top, body, Math.max(1, bottom - top + 1));
      int volumeTop = geometry.volumeY(bar.volume().doubleValue());
      g.setColor(color.darker());
      g.fillRect(x - body / 2, volumeTop, body, volume.y + volume.height - volumeTop);
    }
    g.setClip(null);
  }

  /**
   * A horizontal line across the candle plot at {@code price}, tagged on the price axis; a price off
   * the scale is pinned to the nearer edge, its label saying where it really is. A label that would
   * cover one in {@code labels} moves aside (into the plot), so orders at one price or edge all show.
   */
  private static void level(Graphics2D g, ChartGeometry geometry, double price, Color color, Stroke stroke,
                            String label, PriceFormat prices, List<Rectangle> labels) {
    Rectangle plot = geometry.candles();
    int y = Math.max(plot.y, Math.min(plot.y + plot.height - 1, geometry.y(price)));
    Stroke before = g.getStroke();
    g.setColor(color);
    g.setStroke(stroke);
    g.drawLine(plot.x, y, plot.x + plot.width - 1, y);
    g.setStroke(before);
    ChartAxes.tag(g, plot.x + plot.width, y, prices.format(price), color);
    if (!label.isEmpty()) {
      String text = y == geometry.y(price) ? label : label + (y == plot.y ? "  (above)" : "  (below)");
      int textWidth = g.getFontMetrics().stringWidth(text);
      boolean down = y < plot.y + 20;
      Rectangle box = new Rectangle(plot.x + 4, down ? y : y - 16, textWidth + 8, 16);
      while (labels.stream().anyMatch(box::intersects)) {
        box.translate(0, down ? 18 : -18);
      }
      labels.add(box);
      g.setColor(BACKGROUND);
      g.fillRect(box.x, box.y, box.width, box.height);
      g.setColor(color);
      g.drawRect(box.x, box.y, box.width, box.height);
      g.drawString(text, box.x + 4, box.y + 12);
    }
  }

  private static void title(Graphics2D g, ChartScene scene) {
    g.setFont(g.getFont().deriveFont(Font.BOLD, 13f));
    g.setColor(TEXT);
    String title = scene.title() + (scene.status().isEmpty() ? "" : "   " + scene.status());
    g.drawString(title, ChartGeometry.LEFT, 18);
    g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
    if (scene.bars().isEmpty()) {
      g.drawString("no bars yet", ChartGeometry.LEFT + 4, ChartGeometry.TOP + 20);
    }
  }
}
