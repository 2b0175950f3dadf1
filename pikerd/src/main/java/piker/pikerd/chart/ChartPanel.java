package piker.pikerd.chart;

import java.awt.Graphics;
import java.awt.Rectangle;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import javax.swing.AbstractAction;
import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.KeyStroke;
import piker.contracts.market.Bar;

/**
 * The chart's Swing shell: maps the mouse (wheel zooms at the pointer, drag pans, the pointer is the
 * crosshair) and keys (+/- zoom, arrows pan, Home/End, P switches 1 s / 1 m) to {@link ChartView}
 * steps, and paints what {@link ChartRenderer} draws. Touched on the event thread only.
 */
public final class ChartPanel extends JPanel {
  private final transient IntConsumer periodChanged;
  private transient ChartView view;
  private transient ChartScene scene;
  private transient ChartView dragStart;
  private int dragX;

  /** {@code periodChanged} hears the period the user switched to; pictures of the old one are ignored. */
  public ChartPanel(int period, IntConsumer periodChanged) {
    this.periodChanged = periodChanged;
    this.view = ChartView.following(period);
    this.scene = new ChartScene("", List.of(), List.of(), "connecting");
    setFocusable(true);
    setBackground(ChartRenderer.BACKGROUND);
    Mouse mouse = new Mouse();
    addMouseListener(mouse);
    addMouseMotionListener(mouse);
    addMouseWheelListener(mouse);
    bindKeys();
  }

  /** A new picture of {@code period}-second bars; a view panned back keeps showing the same bars. */
  public void show(ChartScene next, int period) {
    if (period != view.period()) {
      return;
    }
    view = view.appended(newBars(scene.bars(), next.bars(), period));
    scene = next;
    repaint();
  }

  public ChartView view() {
    return view;
  }

  /** Switches to {@code period}-second bars: the current bars are dropped until the new ones come. */
  public void period(int period) {
    if (period == view.period()) {
      return;
    }
    int before = view.period();
    view = view.withPeriod(period);
    scene = new ChartScene(scene.title(), List.of(), scene.orders(), "loading " + view.periodText() + " bars");
    repaint();
    firePropertyChange("period", before, period);
    periodChanged.accept(period);
  }

  @Override
  protected void paintComponent(Graphics graphics) {
    super.paintComponent(graphics);
    if (getWidth() > 0 && getHeight() > 0) {
      graphics.drawImage(ChartRenderer.render(scene, view, getWidth(), getHeight()), 0, 0, null);
    }
  }

  private static int newBars(List<Bar> before, List<Bar> after, int period) {
    if (before.isEmpty() || after.isEmpty()) {
      return 0;
    }
    long step = after.get(after.size() - 1).time() - before.get(before.size() - 1).time();
    return (int) Math.max(0, step / period);
  }

  private void change(UnaryOperator<ChartView> step) {
    view = step.apply(view);
    repaint();
  }

  private Rectangle plot() {
    return new ChartGeometry(scene.bars(), view, getWidth(), getHeight()).candles();
  }

  private int total() {
    return scene.bars().size();
  }

  private void bindKeys() {
    key("zoomIn", v -> v.zoomIn(1), KeyEvent.VK_PLUS, KeyEvent.VK_EQUALS, KeyEvent.VK_ADD);
    key("zoomOut", v -> v.zoomOut(1), KeyEvent.VK_MINUS, KeyEvent.VK_SUBTRACT);
    key("older", v -> v.pan(Math.max(1, v.visible() / 10), total()), KeyEvent.VK_LEFT);
    key("newer", v -> v.pan(-Math.max(1, v.visible() / 10), total()), KeyEvent.VK_RIGHT);
    key("oldest", v -> v.home(total()), KeyEvent.VK_HOME);
    key("newest", ChartView::end, KeyEvent.VK_END);
    getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).put(KeyStroke.getKeyStroke(KeyEvent.VK_P, 0), "period");
    getActionMap().put("period", new AbstractAction() {
      @Override
      public void actionPerformed(ActionEvent event) {
        period(view.otherPeriod().period());
      }
    });
  }

  private void key(String name, UnaryOperator<ChartView> step, int... keys) {
    for (int key : keys) {
      getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).put(KeyStroke.getKeyStroke(key, 0), name);
      getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).put(KeyStroke.getKeyStroke(key, KeyEvent.SHIFT_DOWN_MASK), name);
    }
    getActionMap().put(name, new AbstractAction() {
      @Override
      public void actionPerformed(ActionEvent event) {
        change(step);
      }
    });
  }

  private final class Mouse extends MouseAdapter {
    @Override
    public void mouseWheelMoved(MouseWheelEvent event) {
      Rectangle plot = plot();
      double anchor = (event.getX() - plot.x) / (double) plot.width;
      change(v -> event.getWheelRotation() < 0 ? v.zoomIn(anchor) : v.zoomOut(anchor));
    }

    @Override
    public void mousePressed(MouseEvent event) {
      requestFocusInWindow();
      dragStart = view;
      dragX = event.getX();
    }

    @Override
    public void mouseReleased(MouseEvent event) {
      dragStart = null;
    }

    @Override
    public void mouseDragged(MouseEvent event) {
      if (dragStart != null) {
        ChartView start = dragStart;
        change(v -> start.drag(event.getX() - dragX, plot().width, total()).withCursor(event.getX(), event.getY()));
      }
    }

    @Override
    public void mouseMoved(MouseEvent event) {
      change(v -> v.withCursor(event.getX(), event.getY()));
    }

    @Override
    public void mouseExited(MouseEvent event) {
      change(ChartView::withoutCursor);
    }
  }
}
