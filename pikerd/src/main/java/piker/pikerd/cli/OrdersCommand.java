package piker.pikerd.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import piker.contracts.ems.EmsProtocol;
import piker.pikerd.client.EmsConnection;
import piker.pikerd.client.PikerClient;

/** {@code piker orders [--account ACCT]}: the active orders of every account, or of one. */
@Command(name = "orders", description = "List the active (not yet done) orders.",
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker orders",
        "  piker orders --account sim.paper --json"})
final class OrdersCommand extends AccountCommand {
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

  @Override
  int run(PikerClient client) {
    try (EmsConnection ems = EmsConnection.open(client, dialogAccounts(), event -> { }, OPEN_TIMEOUT)) {
      List<EmsProtocol.Status> active = ems.started().active();
      if (global.json()) {
        out().println(json.write(active.stream().map(OrderViews::status).toList()));
      } else if (active.isEmpty()) {
        sayNone("active orders");
      } else {
        active.forEach(status -> out().println(OrderViews.statusText(status)));
      }
      out().flush();
      return ExitCodes.OK;
    }
  }
}
