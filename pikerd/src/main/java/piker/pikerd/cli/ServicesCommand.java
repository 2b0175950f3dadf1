package piker.pikerd.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import piker.contracts.pikerd.ServicesProtocol.ServiceInfo;
import piker.pikerd.client.PikerClient;

/**
 * {@code piker services}: the daemons the cluster runs, each with its node; every node's pikerd is listed too,
 * with its roles and status.
 */
@Command(name = "services", description = {"List the daemons pikerd runs, pikerd included.",
    "In a cluster: one pikerd line per node (its roles and status: up, unreachable, ...), then every daemon",
    "with the node it runs on."},
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker services",
        "  piker services --json"})
final class ServicesCommand extends ClientCommand {

  @Override
  int run(PikerClient client) {
    List<ServiceInfo> services = client.listServices();
    if (global.json()) {
      out().println(json.write(services.stream().map(ServicesCommand::toJson).toList()));
    } else {
      out().printf("%-20s %-9s %-32s %-27s %s%n", "NAME", "KIND", "ADDRESS", "STARTED", "NODE");
      for (ServiceInfo service : services) {
        out().printf("%-20s %-9s %-32s %-27s %s%n", service.name(), service.kind(), service.address(),
            service.started() == null ? "-" : service.started(), node(service));
      }
    }
    out().flush();
    return ExitCodes.OK;
  }

  private static Map<String, Object> toJson(ServiceInfo service) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", service.name());
    fields.put("kind", service.kind());
    fields.put("address", service.address());
    fields.put("started", service.started() == null ? null : service.started().toString());
    fields.put("restarts", service.restarts());
    if (service.status() != null) {
      fields.put("roles", service.roles());
      fields.put("status", service.status());
    }
    return fields;
  }

  /** A node's pikerd: its status and roles ("all" for a node without roles); blank for a daemon. */
  private static String node(ServiceInfo service) {
    if (service.status() == null) {
      return "";
    }
    return service.status() + ", roles " + (service.roles().isEmpty() ? "all" : String.join(",", service.roles()));
  }
}
