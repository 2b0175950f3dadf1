package piker.pikerd.cli;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.endpoints.EndpointTable;
import piker.contracts.market.SymbolMatch;
import piker.contracts.names.Echoed;
import piker.contracts.names.ServiceName;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.client.PikerClient;

/**
 * {@code piker search PATTERN}: fuzzy symbol search through each backend's datad, all asked at once. A
 * backend that fails or does not answer within the time limit gets one line on stderr; the others' matches
 * are printed, and the search fails only when no backend answered.
 */
@Command(name = "search", description = "Fuzzy symbol search, best match first.",
    exitCodeList = {"0:at least one backend answered (each one that did not is named on stderr)",
        "1:no backend answered", HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker search btc",
        "  piker search eth --broker sim --limit 3 --json"})
final class SearchCommand extends ClientCommand {
  /**
   * Long enough for a backend's first use (pikerd starts its datad, and the sim venue, within its 15 s spawn
   * limit) on a loaded machine; short enough that a venue out of reach is a notice, not a hang.
   */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  @Parameters(paramLabel = "PATTERN", description = "What to look for, e.g. btc.")
  String pattern;

  @Option(names = "--broker", paramLabel = "NAME", description = "Search one backend only.")
  String broker;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "At most N results (default 10).")
  int limit;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "How long each backend may take to answer "
      + "(default 20s); one that takes longer is named on stderr and left out.")
  String timeoutText;

  private Duration timeout = DEFAULT_TIMEOUT;
  private List<Backend> backends;

  @Override
  void validate() {
    if (pattern == null || pattern.isBlank()) {
      throw new BadInputException("the search pattern is empty");
    }
    if (pattern.length() > DatadProtocol.MAX_SEARCH_PATTERN) {
      throw new BadInputException("search pattern '" + Echoed.cut(pattern) + "' is too long: use at most "
          + DatadProtocol.MAX_SEARCH_PATTERN + " characters");
    }
    if (limit < 1 || limit > DatadProtocol.MAX_SEARCH_RESULTS) {
      throw new BadInputException("invalid --limit " + limit + ": use 1.." + DatadProtocol.MAX_SEARCH_RESULTS);
    }
    if (timeoutText != null) {
      try {
        timeout = Durations.parse(timeoutText);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage());
      }
    }
    BackendCatalog catalog = BackendCatalog.load(SearchCommand.class.getClassLoader());
    if (broker != null) {
      backends = List.of(catalog.find(broker).orElseThrow(() -> new BadInputException("unknown backend '"
          + Echoed.cut(broker)
          + "'; installed: " + String.join(", ", catalog.all().keySet()))));
    } else {
      backends = catalog.all().values().stream()
          .filter(backend -> EndpointTable.endpoints(backend, DaemonKind.DATAD).contains(Endpoint.OPEN_SYMBOL_SEARCH))
          .toList();
    }
  }

  @Override
  int run(PikerClient client) {
    Map<String, CompletableFuture<List<SymbolMatch>>> asked = new LinkedHashMap<>();
    for (Backend backend : backends) {
      asked.put(backend.name(), client.maybeSpawnAsync(ServiceName.of(DaemonKind.DATAD, backend.name()))
          .thenCompose(datad -> client.callAsync(datad, Endpoint.OPEN_SYMBOL_SEARCH.wireName(),
              new DatadProtocol.SearchRequest(pattern, limit)))
          .thenApply(reply -> ((DatadProtocol.SearchReply) reply).matches()));
    }
    SearchFanout.Outcome outcome = SearchFanout.collect(asked, timeout);
    if (outcome.answered() == 0 && backends.size() == 1) {
      // one backend asked: its failure is the command's, worded and exited as any failure
      SearchFanout.Failure failure = outcome.failures().values().iterator().next();
      if (failure.error() instanceof RuntimeException error) {
        throw error;
      }
      throw new IllegalStateException(backends.get(0).name() + ": " + failure.words(), failure.error());
    }
    if (outcome.answered() == 0) {
      throw new IllegalStateException("no backend answered: " + String.join("; ", outcome.failures().entrySet()
          .stream().map(failed -> failed.getKey() + ": " + failed.getValue().words()).toList()));
    }
    var notices = notices(spec, global);
    outcome.failures().forEach((name, failure) -> notices.accept(name + ": " + failure.words()));
    List<SymbolMatch> best = outcome.matches().stream()
        .sorted(Comparator.comparingInt(SymbolMatch::score).reversed().thenComparing(m -> m.fqme().toString()))
        .limit(limit).toList();
    if (global.json()) {
      out().println(json.write(best.stream().map(SearchCommand::view).toList()));
    } else {
      best.forEach(match -> out().println(match.fqme()));
    }
    out().flush();
    return ExitCodes.OK;
  }

  private static Map<String, Object> view(SymbolMatch match) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("fqme", match.fqme().toString());
    view.put("broker", match.broker());
    view.put("score", match.score());
    return view;
  }
}
