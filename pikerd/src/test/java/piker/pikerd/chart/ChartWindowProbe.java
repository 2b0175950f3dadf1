package piker.pikerd.chart;

import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.swing.JFrame;
import javax.swing.JToggleButton;
import javax.swing.SwingUtilities;
import piker.contracts.market.Bar;
import piker.contracts.names.Fqme;

/**
 * Run by {@link ChartWindowTest} in a JVM of its own on a private X display: opens the chart window
 * with a fake picture source, sends bars, keys and the wheel, and checks on the screen that the window
 * repainted. Prints what failed and exits 1, or exits 0.
 */
public final class ChartWindowProbe {
  private static final long WAIT_NS = 5_000_000_000L;

  private ChartWindowProbe() {}

  public static void main(String[] args) throws Exception {
    AtomicInteger switchedTo = new AtomicInteger();
    ChartPanel panel = new ChartPanel(60, switchedTo::set);
    AtomicReference<JFrame> frame = new AtomicReference<>();
    SwingUtilities.invokeAndWait(() -> {
      frame.set(ChartWindow.frame(Fqme.parse("btcusdt.spot.sim"), panel, 640, 400, new CountDownLatch(1)));
      frame.get().setLocation(0, 0);
      frame.get().setVisible(true);
    });
    Robot robot = new Robot();
    robot.setAutoWaitForIdle(true);
    List<Bar> bars = ChartRendererTest.rising(40);
    SwingUtilities.invokeAndWait(() -> panel.show(new ChartScene("probe", bars, List.of(), ""), 60));
    Rectangle area = onScreen(panel);
    BufferedImage first = settled(robot, area, null);
    check(first != null, "the window never showed the first bars");

    // a new bar, higher than all before it: the window repaints by itself
    List<Bar> more = new ArrayList<>(ChartRendererTest.rising(41));
    SwingUtilities.invokeAndWait(() -> panel.show(new ChartScene("probe", more, List.of(), ""), 60));
    check(settled(robot, area, first) != null, "a new bar did not change the screen");

    // the wheel zooms, at the pointer
    Point middle = new Point(area.x + area.width / 2, area.y + area.height / 2);
    robot.mouseMove(middle.x, middle.y);
    int before = onEdt(() -> panel.view().visible());
    robot.mouseWheel(-1);
    check(waitFor(() -> onEdt(() -> panel.view().visible()) < before), "the wheel did not zoom in");
    check(onEdt(() -> panel.view().cursor().isPresent()), "no crosshair under the pointer");

    // P switches the period and asks the source for the other one
    robot.keyPress(KeyEvent.VK_P);
    robot.keyRelease(KeyEvent.VK_P);
    check(waitFor(() -> switchedTo.get() == 1), "P did not switch to 1 s bars");
    // so does the 1m button above the chart
    Rectangle button = onEdt(() -> {
      JToggleButton minutes = button(frame.get().getContentPane(), "1m");
      return new Rectangle(minutes.getLocationOnScreen(), minutes.getSize());
    });
    robot.mouseMove((int) button.getCenterX(), (int) button.getCenterY());
    robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
    robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
    check(waitFor(() -> switchedTo.get() == 60), "the 1m button did not switch back");

    SwingUtilities.invokeAndWait(() -> frame.get().dispose());
    System.out.println("window probe ok");
    System.exit(0);
  }

  private static JToggleButton button(Container container, String text) {
    for (Component component : container.getComponents()) {
      if (component instanceof JToggleButton toggle && toggle.getText().equals(text)) {
        return toggle;
      }
      if (component instanceof Container inner && button(inner, text) != null) {
        return button(inner, text);
      }
    }
    return null;
  }

  private static Rectangle onScreen(ChartPanel panel) throws Exception {
    return onEdt(() -> new Rectangle(panel.getLocationOnScreen(), panel.getSize()));
  }

  /** The panel's pixels once they differ from {@code before} (or from a blank screen), or null. */
  private static BufferedImage settled(Robot robot, Rectangle area, BufferedImage before) {
    long deadline = System.nanoTime() + WAIT_NS;
    while (System.nanoTime() < deadline) {
      robot.waitForIdle();
      BufferedImage now = robot.createScreenCapture(area);
      boolean drawn = before == null ? !blank(now) : !same(before, now);
      if (drawn) {
        return now;
      }
      robot.delay(50);
    }
    return null;
  }

  private static boolean blank(BufferedImage image) {
    int tagColumn = image.getWidth() - ChartGeometry.AXIS_WIDTH + 2;
    for (int y = 0; y < image.getHeight(); y++) {
      if (image.getRGB(tagColumn, y) == ChartRenderer.LAST.getRGB()) {
        return false; // the last price's tag is on screen: the bars were painted
      }
    }
    return true;
  }

  private static boolean same(BufferedImage a, BufferedImage b) {
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if (a.getRGB(x, y) != b.getRGB(x, y)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean waitFor(Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + WAIT_NS;
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }

  private static <T> T onEdt(Supplier<T> read) {
    AtomicReference<T> value = new AtomicReference<>();
    try {
      SwingUtilities.invokeAndWait(() -> value.set(read.get()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return value.get();
  }

  private static void check(boolean ok, String failure) {
    if (!ok) {
      System.out.println("window probe failed: " + failure);
      System.exit(1);
    }
  }
}
