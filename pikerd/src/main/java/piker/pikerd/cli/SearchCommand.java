package piker.pikerd.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/** {@code piker search PATTERN}: fuzzy symbol search through each backend's datad. */
@Command(name = "search", description = "Fuzzy symbol search, best match first.",
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker search btc",
        "  piker search eth --broker sim --limit 3 --json"})
final class SearchCommand extends ClientCommand {
  @Parameters(paramLabel = "PATTERN", description = "What to look for, e.g. btc.")
  String pattern;

  @Option(names = "--broker", paramLabel = "NAME", description = "Search one backend only.")
  String broker;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "At most N results (default 10).")
  int limit;

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
    List<SymbolMatch> matches = new ArrayList<>();
    for (Backend backend : backends) {
      var datad = client.maybeSpawn(ServiceName.of(DaemonKind.DATAD, backend.name()));
      matches.addAll(((DatadProtocol.SearchReply) client.call(datad, Endpoint.OPEN_SYMBOL_SEARCH.wireName(),
          new DatadProtocol.SearchRequest(pattern, limit))).matches());
    }
    List<SymbolMatch> best = matches.stream()
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
