package piker.pikerd.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.market.Bar;
import piker.contracts.names.Echoed;
import piker.contracts.names.Fqme;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.chart.ChartRenderer;
import piker.pikerd.chart.ChartWindow;
import piker.pikerd.client.PikerClient;

/**
 * {@code piker chart FQME}: a live window of the market's candles over volume, moved by a throttled
 * quote feed and samplerd's steps, that reconnects by itself when pikerd restarts; with
 * {@code --png FILE} it renders the current chart headless and exits.
 */
@Command(name = "chart", description = "Render a market's chart (candles + volume); --png FILE writes it headless.",
    exitCodeList = {HelpText.EXIT_OK, "1:failed at run time: no display and no --png, a remote error",
        HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker chart btcusdt.spot.sim --period 1s",
        "  piker chart btcusdt.spot.sim --png /tmp/btc.png --width 1920 --height 1080"})
final class ChartCommand extends ClientCommand {
  @Parameters(paramLabel = "FQME", description = "The market, e.g. btcusdt.spot.sim.")
  String fqmeText;

  @Option(names = "--period", paramLabel = "1s|1m", defaultValue = "1m", description = "Bar period (default 1m).")
  String periodText;

  @Option(names = "--png", paramLabel = "FILE", description = "Render headless to this PNG and exit.")
  Path png;

  @Option(names = "--width", paramLabel = "PX", defaultValue = "1280", description = "Width (default 1280).")
  int width;

  @Option(names = "--height", paramLabel = "PX", defaultValue = "720", description = "Height (default 720).")
  int height;

  private Fqme fqme;
  private int period;

  @Override
  void validate() {
    period = switch (periodText) {
      case "1s" -> 1;
      case "1m" -> 60;
      default -> throw new BadInputException("invalid --period '" + Echoed.cut(periodText) + "': use 1s or 1m");
    };
    if (width < 100 || width > 8000 || height < 100 || height > 8000) {
      throw new BadInputException("invalid size " + width + "x" + height + ": use 100..8000 pixels each way");
    }
    fqme = Inputs.fqme(fqmeText, BackendCatalog.load(ChartCommand.class.getClassLoader()));
    if (png != null) {
      checkWritable(png);
      // no display is needed (nor wanted) to draw into an image
      System.setProperty("java.awt.headless", "true");
    } else if (java.awt.GraphicsEnvironment.isHeadless()) {
      throw new IllegalStateException("there is no display for a chart window; render one with --png FILE");
    }
  }

  @Override
  int run(PikerClient client) {
    fqme = MktInfoCommand.canonical(client, fqme);
    if (png == null) {
      return window();
    }
    // about eight pixels a candle
    int count = Math.max(10, Math.min(DatadProtocol.MAX_PAGE, width / 8));
    List<Bar> bars = BarPages.read(client, fqme, period, periodText, count, progress());
    try {
      ChartRenderer.writePng(ChartRenderer.render(fqme, periodText, bars, width, height), png);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot write " + png + ": " + why(e), e);
    }
    notices(spec, global).accept(bars.size() + " bars of " + fqme + " written to " + png);
    return ExitCodes.OK;
  }

  /** A PNG that cannot be written is found before anything is asked of pikerd. */
  private static void checkWritable(Path png) {
    Path target = png.toAbsolutePath();
    Path dir = target.getParent();
    if (Files.isDirectory(target)) {
      throw new BadInputException("invalid --png " + png + ": it is a directory; name a file in it");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new BadInputException("invalid --png " + png + ": directory " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new BadInputException("invalid --png " + png + ": directory " + dir + " is not writable");
    }
  }

  /** Why a file could not be written, without the exception's name or the temporary file it was using. */
  private static String why(java.io.IOException error) {
    if (error instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    if (error instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (error instanceof java.nio.file.NoSuchFileException) {
      return "its directory is gone";
    }
    return error instanceof java.nio.file.FileSystemException ? "the file system refused it" : error.getMessage();
  }

  /** The live window, until it is closed. */
  private int window() {
    ChartWindow.run(global.configDir(), global.registry(false), fqme, period, width, height);
    return ExitCodes.OK;
  }
}
