package piker.pikerd.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import piker.contracts.RemoteException;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Bar;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.client.PikerClient;

/** {@code piker bars FQME [--period 1s|1m] [--count N]}: the newest bars, oldest first. */
@Command(name = "bars", description = "Print the last N bars (the current one included), oldest first.")
final class BarsCommand extends ClientCommand {
  @Parameters(paramLabel = "FQME")
  String fqmeText;

  @Option(names = "--period", paramLabel = "1s|1m", defaultValue = "1m", description = "Bar period (default 1m).")
  String periodText;

  @Option(names = "--count", paramLabel = "N", defaultValue = "100", description = "How many bars (default 100).")
  int count;

  private static final java.time.Duration BACKFILL_WAIT = java.time.Duration.ofMinutes(2);
  private static final java.time.Duration POLL = java.time.Duration.ofMillis(250);

  private Fqme fqme;
  private int period;

  @Override
  void validate() {
    period = switch (periodText) {
      case "1s" -> 1;
      case "1m" -> 60;
      default -> throw new BadInputException("invalid --period '" + periodText + "': use 1s or 1m");
    };
    if (count < 1 || count > DatadProtocol.MAX_BARS) {
      throw new BadInputException("invalid --count " + count + ": use 1.." + DatadProtocol.MAX_BARS);
    }
    fqme = Inputs.fqme(fqmeText, BackendCatalog.load(BarsCommand.class.getClassLoader()));
  }

  /**
   * Reads the bars, newest page first, backwards; while datad is still loading history and holds
   * fewer than N bars, it waits, showing the backfill's progress on stderr.
   */
  private List<Bar> read(PikerClient client) {
    try {
      var datad = client.maybeSpawn(ServiceName.of(DaemonKind.DATAD, fqme.broker()));
      long deadline = System.nanoTime() + BACKFILL_WAIT.toNanos();
      var err = spec.commandLine().getErr();
      boolean shown = false;
      DatadProtocol.BarsReply first = page(client, datad, 0);
      while (first.backfilling() && first.held() < count && System.nanoTime() < deadline) {
        err.printf("\rbackfilling %s %s: %d of %d bars", fqme, periodText, first.held(), count);
        err.flush();
        shown = true;
        java.util.concurrent.locks.LockSupport.parkNanos(POLL.toNanos());
        first = page(client, datad, 0);
      }
      if (shown) {
        err.println();
        err.flush();
      }
      java.util.LinkedList<Bar> bars = new java.util.LinkedList<>(first.bars());
      while (bars.size() < count && !bars.isEmpty()) {
        List<Bar> older = page(client, datad, bars.getFirst().time()).bars();
        if (older.isEmpty()) {
          break;
        }
        for (int i = older.size() - 1; i >= 0 && bars.size() < count; i--) {
          bars.addFirst(older.get(i));
        }
      }
      return bars;
    } catch (RemoteException e) {
      throw Inputs.unknownMarket(e, fqme);
    }
  }

  private DatadProtocol.BarsReply page(PikerClient client,
      org.apache.pekko.actor.typed.ActorRef<piker.contracts.daemon.DaemonProtocol.Command> datad, long before) {
    return (DatadProtocol.BarsReply) client.call(datad, Endpoint.READ_BARS.wireName(),
        new DatadProtocol.BarsRequest(fqme, period, Math.min(count, DatadProtocol.MAX_PAGE), before));
  }

  @Override
  int run(PikerClient client) {
    MktInfoCommand.lookup(client, fqme);
    List<Bar> bars = read(client);
    for (Bar bar : bars) {
      if (global.json()) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("time", bar.time());
        view.put("open", bar.open());
        view.put("high", bar.high());
        view.put("low", bar.low());
        view.put("close", bar.close());
        view.put("volume", bar.volume());
        out().println(json.write(view));
      } else {
        out().printf("%d %s %s %s %s %s%n", bar.time(), bar.open().toPlainString(), bar.high().toPlainString(),
            bar.low().toPlainString(), bar.close().toPlainString(), bar.volume().toPlainString());
      }
    }
    out().flush();
    return ExitCodes.OK;
  }
}
