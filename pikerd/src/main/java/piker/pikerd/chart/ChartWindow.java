package piker.pikerd.chart;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.ButtonGroup;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JToggleButton;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.names.Fqme;
import piker.pikerd.client.ChartClient;
import piker.pikerd.runtime.RegistryAddress;

/**
 * {@code piker chart FQME}'s window: a {@link ChartPanel} under a 1s/1m switch, fed by a
 * {@link ChartClient}, open until it is closed or the process gets INT or TERM.
 */
public final class ChartWindow {
  /** Bars held per period: room to zoom out and pan back. */
  static final int HELD = 1_000;

  private ChartWindow() {}

  /** Shows the window and blocks until it is closed. */
  public static void run(Path configDir, RegistryAddress registry, Fqme fqme, int period, int width, int height) {
    CountDownLatch closed = new CountDownLatch(1);
    AtomicReference<ChartClient> client = new AtomicReference<>();
    ChartPanel panel = new ChartPanel(period, seconds -> client.get().period(seconds));
    for (String name : new String[] {"INT", "TERM"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> closed.countDown());
    }
    try (ChartClient chart = ChartClient.start(configDir, registry, fqme, period, HELD,
        picture -> SwingUtilities.invokeLater(() -> panel.show(scene(fqme, picture), picture.period())))) {
      client.set(chart);
      SwingUtilities.invokeLater(() -> frame(fqme, panel, width, height, closed).setVisible(true));
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The frame: the chart, and a 1s/1m switch above it that does what the P key does. */
  static JFrame frame(Fqme fqme, ChartPanel panel, int width, int height, CountDownLatch closed) {
    JFrame frame = new JFrame("piker chart " + fqme);
    frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
    frame.addWindowListener(new WindowAdapter() {
      @Override
      public void windowClosed(WindowEvent event) {
        closed.countDown();
      }
    });
    JPanel periods = new JPanel(new FlowLayout(FlowLayout.LEFT, 4, 2));
    periods.setBackground(ChartRenderer.BACKGROUND);
    ButtonGroup group = new ButtonGroup();
    for (int seconds : new int[] {1, 60}) {
      JToggleButton button = new JToggleButton(seconds == 1 ? "1s" : "1m", seconds == panel.view().period());
      button.setFocusable(false);
      button.addActionListener(event -> panel.period(seconds));
      group.add(button);
      periods.add(button);
    }
    JLabel keys = new JLabel("   wheel or +/- zoom    drag or \u2190/\u2192 pan    Home/End: oldest/newest    P: 1s/1m");
    keys.setForeground(ChartRenderer.TEXT);
    periods.add(keys);
    // the P key switches too: keep the buttons showing the period in force
    panel.addPropertyChangeListener("period", event -> {
      for (var buttons = group.getElements(); buttons.hasMoreElements(); ) {
        JToggleButton button = (JToggleButton) buttons.nextElement();
        button.setSelected(button.getText().equals(panel.view().periodText()));
      }
    });
    panel.setPreferredSize(new Dimension(width, height));
    frame.getContentPane().setLayout(new BorderLayout());
    frame.getContentPane().add(periods, BorderLayout.NORTH);
    frame.getContentPane().add(panel, BorderLayout.CENTER);
    frame.pack();
    return frame;
  }

  /** A picture as the chart shows it: the orders' remaining sizes at their prices. */
  static ChartScene scene(Fqme fqme, ChartClient.Picture picture) {
    var orders = picture.orders().stream()
        .filter(status -> status.price() != null && status.size() != null)
        .map(status -> new ChartScene.OrderLine(status.action(), remaining(status), status.price()))
        .toList();
    String title = fqme + "  " + (picture.period() == 1 ? "1s" : "1m");
    return new ChartScene(title, picture.bars(), orders, picture.connected() ? "" : "(reconnecting)");
  }

  private static BigDecimal remaining(EmsProtocol.Status status) {
    return status.filled() == null ? status.size() : status.size().subtract(status.filled());
  }
}
