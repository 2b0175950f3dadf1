package piker.pikerd.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.RemoteException;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Bar;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.pikerd.client.PikerClient;

/**
 * Reads a market's newest bars from its datad, newest page first, backwards; while datad is still
 * loading history and holds fewer than asked for, it waits, showing the backfill's progress on stderr, and
 * says so when the venue served fewer than were asked for.
 */
final class BarPages {
  private static final Duration BACKFILL_WAIT = Duration.ofMinutes(2);
  private static final Duration POLL = Duration.ofMillis(250);

  private BarPages() {}

  static List<Bar> read(PikerClient client, Fqme fqme, int period, String periodText, int count, PrintWriter err) {
    try {
      ActorRef<DaemonProtocol.Command> datad = client.maybeSpawn(ServiceName.of(DaemonKind.DATAD, fqme.broker()));
      long deadline = System.nanoTime() + BACKFILL_WAIT.toNanos();
      boolean shown = false;
      DatadProtocol.BarsReply first = page(client, datad, fqme, period, count, 0);
      while (first.backfilling() && first.held() < count && System.nanoTime() < deadline) {
        err.printf("\rbackfilling %s %s: %d of %d bars", fqme, periodText, first.held(), count);
        err.flush();
        shown = true;
        LockSupport.parkNanos(POLL.toNanos());
        first = page(client, datad, fqme, period, count, 0);
      }
      if (shown && !first.backfilling() && first.held() < count) {
        // the venue serves no deeper (Kraken's OHLC: 720 bars), or the market is younger: say so, not just stop
        err.printf("\rbackfilled %s %s: %d of %d bars, as far back as %s serves%n", fqme, periodText, first.held(),
            count, fqme.broker());
        err.flush();
      } else if (shown) {
        err.println();
        err.flush();
      }
      LinkedList<Bar> bars = new LinkedList<>(first.bars());
      while (bars.size() < count && !bars.isEmpty()) {
        List<Bar> older = page(client, datad, fqme, period, count, bars.getFirst().time()).bars();
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

  private static DatadProtocol.BarsReply page(PikerClient client, ActorRef<DaemonProtocol.Command> datad, Fqme fqme,
                                              int period, int count, long before) {
    return (DatadProtocol.BarsReply) client.call(datad, Endpoint.READ_BARS.wireName(),
        new DatadProtocol.BarsRequest(fqme, period, Math.min(count, DatadProtocol.MAX_PAGE), before));
  }
}
