import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws soak.sh's CSV (a minute column, then one column per measure) as one small panel per measure into a
 * PNG, and prints each measure's slope over the run's second half per 10 minutes: a leak shows as a trend.
 * Usage: java docs/scripts/SoakPlot.java soak.csv soak.png
 */
public final class SoakPlot {
  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    String[] names = lines.get(0).split(",");
    List<double[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      double[] row = new double[cells.length];
      for (int i = 0; i < cells.length; i++) {
        row[i] = cells[i].isEmpty() ? Double.NaN : Double.parseDouble(cells[i]); // empty: not sampled
      }
      rows.add(row);
    }
    int panels = names.length - 1;
    int width = 420;
    int height = 220;
    int columns = 2;
    BufferedImage image = new BufferedImage(width * columns, height * ((panels + 1) / 2), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int p = 0; p < panels; p++) {
      int column = p + 1;
      int x0 = (p % columns) * width + 50;
      int y0 = (p / columns) * height + 25;
      int w = width - 70;
      int h = height - 60;
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (double[] row : rows) {
        if (!Double.isNaN(row[column])) {
          min = Math.min(min, row[column]);
          max = Math.max(max, row[column]);
        }
      }
      min = Math.min(min, 0);
      if (max <= min) {
        max = min + 1;
      }
      g.setColor(Color.BLACK);
      g.drawString(names[column] + String.format("  (slope %+.2f / 10 min)", slope(rows, column)), x0, y0 - 8);
      g.setColor(Color.LIGHT_GRAY);
      g.drawRect(x0, y0, w, h);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format("%.0f", max), x0 - 45, y0 + 10);
      g.drawString(String.format("%.0f", min), x0 - 45, y0 + h);
      g.drawString("minute", x0 + w - 40, y0 + h + 15);
      g.setColor(new Color(30, 90, 200));
      g.setStroke(new BasicStroke(2f));
      double lastMinute = rows.isEmpty() ? 1 : Math.max(1, rows.get(rows.size() - 1)[0]);
      for (int i = 1; i < rows.size(); i++) {
        if (Double.isNaN(rows.get(i - 1)[column]) || Double.isNaN(rows.get(i)[column])) {
          continue;
        }
        int xa = x0 + (int) (w * rows.get(i - 1)[0] / lastMinute);
        int xb = x0 + (int) (w * rows.get(i)[0] / lastMinute);
        int ya = y0 + h - (int) (h * (rows.get(i - 1)[column] - min) / (max - min));
        int yb = y0 + h - (int) (h * (rows.get(i)[column] - min) / (max - min));
        g.drawLine(xa, ya, xb, yb);
      }
    }
    g.dispose();
    ImageIO.write(image, "png", Path.of(args[1]).toFile());
    for (int column = 1; column < names.length; column++) {
      System.out.printf("%-24s second-half slope %+.3f per 10 min%n", names[column], slope(rows, column));
    }
  }

  /** Least-squares slope of a column over the second half of the run, per 10 minutes. */
  private static double slope(List<double[]> rows, int column) {
    List<double[]> half = rows.subList(rows.size() / 2, rows.size()).stream()
        .filter(row -> !Double.isNaN(row[column])).toList();
    if (half.size() < 2) {
      return 0;
    }
    double mx = half.stream().mapToDouble(row -> row[0]).average().orElse(0);
    double my = half.stream().mapToDouble(row -> row[column]).average().orElse(0);
    double num = 0;
    double den = 0;
    for (double[] row : half) {
      num += (row[0] - mx) * (row[column] - my);
      den += (row[0] - mx) * (row[0] - mx);
    }
    return den == 0 ? 0 : 10 * num / den;
  }
}
