package piker.pikerd.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import piker.contracts.RemoteException;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Bar;
import piker.contracts.names.Echoed;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.client.PikerClient;

/** {@code piker bars FQME [--period 1s|1m] [--count N]}: the newest bars, oldest first. */
@Command(name = "bars", description = "Print the last N bars (the current one included), oldest first.",
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker bars btcusdt.spot.sim --period 1s --count 30",
        "  piker bars ethusdt.spot.sim --json"})
final class BarsCommand extends ClientCommand {
  @Parameters(paramLabel = "FQME", description = "The market, e.g. btcusdt.spot.sim.")
  String fqmeText;

  @Option(names = "--period", paramLabel = "1s|1m", defaultValue = "1m", description = "Bar period (default 1m).")
  String periodText;

  @Option(names = "--count", paramLabel = "N", defaultValue = "100", description = "How many bars (default 100).")
  int count;

  private Fqme fqme;
  private int period;

  @Override
  void validate() {
    period = switch (periodText) {
      case "1s" -> 1;
      case "1m" -> 60;
      default -> throw new BadInputException("invalid --period '" + Echoed.cut(periodText) + "': use 1s or 1m");
    };
    if (count < 1 || count > DatadProtocol.MAX_BARS) {
      throw new BadInputException("invalid --count " + count + ": use 1.." + DatadProtocol.MAX_BARS);
    }
    fqme = Inputs.fqme(fqmeText, BackendCatalog.load(BarsCommand.class.getClassLoader()));
  }

  @Override
  int run(PikerClient client) {
    fqme = MktInfoCommand.canonical(client, fqme);
    List<Bar> bars = BarPages.read(client, fqme, period, periodText, count, progress());
    if (global.json()) {
      bars.forEach(bar -> out().println(json.write(Views.bar(bar))));
    } else {
      Views.barsText(bars).forEach(out()::println);
    }
    out().flush();
    return ExitCodes.OK;
  }
}
