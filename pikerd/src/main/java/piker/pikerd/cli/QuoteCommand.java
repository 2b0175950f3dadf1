package piker.pikerd.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.daemon.Session;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.client.ClientSession;
import piker.pikerd.client.PikerClient;
import sun.misc.Signal;

/**
 * {@code piker quote FQME...}: streams quotes. Each market's first line is its startup quote (with
 * {@code last}); every later tick follows. It grants datad credit as it prints, so a slow terminal
 * slows only this subscriber, never the feed.
 */
@Command(name = "quote", description = "Stream quotes: the startup quote of each market, then every update.",
    exitCodeList = {HelpText.EXIT_OK, "1:with --count: --timeout passed before N quotes came; a remote error",
        HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker quote btcusdt.spot.sim --count 5",
        "  piker quote btcusdt.spot.sim ethusdt.spot.sim --throttle 2 --json"})
final class QuoteCommand extends ClientCommand {
  @Parameters(paramLabel = "FQME", arity = "1..*", description = "Markets, e.g. btcusdt.spot.sim.")
  List<String> fqmeTexts;

  @Option(names = "--count", paramLabel = "N", description = "Exit 0 after N quotes (startup quotes count).")
  Long count;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop after this long (e.g. 20s); "
      + "with --count, exit 1 if N quotes have not come by then.")
  String timeoutText;

  @Option(names = "--throttle", paramLabel = "HZ", description = "At most HZ frames a second, each market's "
      + "quotes of a frame conflated into one, every tick kept.")
  Integer throttle;

  private List<Fqme> fqmes;
  private Duration timeout;
  /** The last feed trouble heard (a notice at info), said with a timeout it may explain. */
  private volatile String lastFeedNotice;

  @Override
  void validate() {
    fqmes = Inputs.fqmes(fqmeTexts, BackendCatalog.load(QuoteCommand.class.getClassLoader()));
    if (count != null && count <= 0) {
      throw new BadInputException("invalid --count " + count + ": it must be positive");
    }
    if (throttle != null && (throttle <= 0 || throttle > DatadProtocol.MAX_THROTTLE_HZ)) {
      throw new BadInputException("invalid --throttle " + throttle + ": use 1.." + DatadProtocol.MAX_THROTTLE_HZ);
    }
    if (timeoutText != null) {
      try {
        timeout = Durations.parse(timeoutText);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      }
    }
  }

  @Override
  int run(PikerClient client) {
    fqmes = fqmes.stream().map(fqme -> MktInfoCommand.canonical(client, fqme)).distinct().toList();
    CompletableFuture<Integer> done = new CompletableFuture<>();
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(name), signal -> done.complete(ExitCodes.OK));
    }
    AtomicLong printed = new AtomicLong();
    Map<String, List<Fqme>> byBroker = new LinkedHashMap<>();
    fqmes.forEach(fqme -> byBroker.computeIfAbsent(fqme.broker(), broker -> new ArrayList<>()).add(fqme));
    List<ClientSession> sessions = new ArrayList<>();
    int window = DatadProtocol.DEFAULT_WINDOW;
    for (Map.Entry<String, List<Fqme>> broker : byBroker.entrySet()) {
      var datad = client.maybeSpawn(ServiceName.of(DaemonKind.DATAD, broker.getKey()));
      CreditGrant grant = new CreditGrant(window);
      ClientSession[] opened = new ClientSession[1];
      opened[0] = client.openSession(datad, Endpoint.STREAM_QUOTES.wireName(),
          new DatadProtocol.StreamParams(broker.getValue(), throttle == null ? 0 : throttle, window),
          event -> onEvent(event, printed, done, grant, opened));
      sessions.add(opened[0]);
    }
    int code = await(done);
    sessions.forEach(ClientSession::cancel);
    out().flush();
    return code;
  }

  private void onEvent(Session.Event event, AtomicLong printed, CompletableFuture<Integer> done, CreditGrant grant,
                       ClientSession[] session) {
    if (done.isDone()) {
      return;
    }
    if (event instanceof Session.Started started && started.first() instanceof DatadProtocol.StreamStarted first) {
      first.startup().forEach(quote -> print(quote, printed, done));
    } else if (event instanceof Session.Message message) {
      Payload body = message.body();
      if (body instanceof DatadProtocol.QuoteBatch batch) {
        batch.quotes().forEach(quote -> print(quote, printed, done));
        int credit = grant.consumed();
        if (credit > 0) {
          session[0].send(new DatadProtocol.Credit(credit));
        }
      } else if (body instanceof DatadProtocol.Overrun overrun) {
        // lost data is always said (architecture rule 9), the one warning a quote that succeeds may print
        spec.commandLine().getErr().println("quote: fell behind, " + overrun.dropped() + " quotes dropped ("
            + overrun.total() + " in all)");
      } else if (body instanceof DatadProtocol.FeedNotice notice) {
        lastFeedNotice = notice.fqme() + ": " + notice.error().message();
        notices(spec, global).accept(lastFeedNotice);
      }
    } else if (event instanceof Session.Ended ended) {
      if (ended.clean()) {
        done.complete(ExitCodes.OK);
      } else {
        done.completeExceptionally(ended.error().toException());
      }
    } else if (event instanceof Session.Refused refused) {
      RemoteError error = refused.error();
      done.completeExceptionally(error.toException());
    }
  }

  private void print(Quote quote, AtomicLong printed, CompletableFuture<Integer> done) {
    if (done.isDone()) {
      return;
    }
    boolean read = emit(global.json() ? json.write(Views.quote(quote)) : Views.quoteText(quote));
    if (!read || count != null && printed.incrementAndGet() >= count) {
      done.complete(ExitCodes.OK);
    }
  }

  private int await(CompletableFuture<Integer> done) {
    try {
      return timeout == null ? done.get() : done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (count == null) {
        return ExitCodes.OK;
      }
      String why = lastFeedNotice;
      spec.commandLine().getErr().println("quote: timed out after " + timeoutText + " before " + count + " quotes"
          + (why == null ? "" : " (last feed trouble: " + why + ")"));
      return ExitCodes.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILED;
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime
          : new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** Grants credit back in halves of the window as batches are consumed. */
  static final class CreditGrant {
    private final int window;
    private int consumed;

    CreditGrant(int window) {
      this.window = window;
    }

    /** Counts one consumed batch; returns the credit to grant now, or 0. */
    int consumed() {
      consumed++;
      if (consumed >= window / 2) {
        int grant = consumed;
        consumed = 0;
        return grant;
      }
      return 0;
    }
  }
}
