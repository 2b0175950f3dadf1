package piker.pikerd.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import piker.contracts.pikerd.ServicesProtocol.ServiceInfo;
import piker.pikerd.client.PikerClient;

/** {@code piker services}: the daemons the service manager runs, pikerd included. */
@Command(name = "services", description = "List the daemons pikerd runs, pikerd included.",
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
      out().printf("%-20s %-9s %-32s %s%n", "NAME", "KIND", "ADDRESS", "STARTED");
      for (ServiceInfo service : services) {
        out().printf("%-20s %-9s %-32s %s%n", service.name(), service.kind(), service.address(), service.started());
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
    fields.put("started", service.started().toString());
    fields.put("restarts", service.restarts());
    return fields;
  }
}
