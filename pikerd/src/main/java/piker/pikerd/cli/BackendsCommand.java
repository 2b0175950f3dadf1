package piker.pikerd.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.endpoints.EndpointTable;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendCatalog;

/** {@code piker backends}: the endpoint table for every installed backend; needs no pikerd. */
@Command(name = "backends", description = "List the installed backends and the endpoints each implements; needs no pikerd.",
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_BAD_INPUT},
    footer = {HelpText.ENV_NONE, HelpText.EXAMPLES,
        "  piker backends",
        "  piker backends --json"})
final class BackendsCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    BackendCatalog catalog = BackendCatalog.load(BackendsCommand.class.getClassLoader());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Backend backend : catalog.all().values()) {
      Map<String, Object> endpoints = new LinkedHashMap<>();
      for (DaemonKind kind : new DaemonKind[] {DaemonKind.DATAD, DaemonKind.BROKERD}) {
        endpoints.put(kind.wireName(), EndpointTable.endpoints(backend, kind).stream()
            .map(Endpoint::wireName).sorted().toList());
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", backend.name());
      row.put("endpoints", endpoints);
      row.put("paper_only", !EndpointTable.canTrade(backend));
      rows.add(row);
    }
    var out = spec.commandLine().getOut();
    if (global.json()) {
      out.println(new Json().write(rows));
    } else {
      out.printf("%-10s %-60s %s%n", "BACKEND", "DATAD", "BROKERD");
      for (Map<String, Object> row : rows) {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> endpoints = (Map<String, List<String>>) row.get("endpoints");
        out.printf("%-10s %-60s %s%n", row.get("name"), String.join(",", endpoints.get("datad")),
            endpoints.get("brokerd").isEmpty() ? "(paper only)" : String.join(",", endpoints.get("brokerd")));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
