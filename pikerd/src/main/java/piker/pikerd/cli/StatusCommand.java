package piker.pikerd.cli;

import picocli.CommandLine.Command;
import piker.contracts.pikerd.ServicesProtocol.DaemonHealth;
import piker.contracts.pikerd.ServicesProtocol.HealthReport;
import piker.pikerd.client.PikerClient;
import piker.pikerd.metrics.HealthJson;

/** {@code piker status}: the node's health, as /health serves it; exit 1 while a daemon is failing. */
@Command(name = "status", description = {"Show how the node's daemons are doing: starting, up, restarting or failed",
    "(a failed one stays listed until it is asked for again). In a cluster, the node at --registry.",
    "The same report as the metrics server's /health (piker pikerd --metrics)."},
    exitCodeList = {"0:every daemon is up or starting", "1:a daemon is restarting or has failed, or a remote error",
        HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker status",
        "  piker status --json"})
final class StatusCommand extends ClientCommand {

  @Override
  int run(PikerClient client) {
    HealthReport report = client.health();
    if (global.json()) {
      out().println(json.write(HealthJson.fields(report)));
    } else {
      out().printf("pikerd %s: %s%n", report.node(), report.status());
      if (!report.daemons().isEmpty()) {
        out().printf("%-20s %-11s %-8s %-27s %s%n", "NAME", "STATE", "RESTARTS", "SINCE", "ERROR");
      }
      for (DaemonHealth daemon : report.daemons()) {
        out().printf("%-20s %-11s %-8d %-27s %s%n", daemon.name(), daemon.state(), daemon.restarts(),
            daemon.since(), daemon.error() == null ? "" : daemon.error());
      }
    }
    out().flush();
    return report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
