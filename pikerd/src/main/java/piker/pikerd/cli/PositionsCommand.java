package piker.pikerd.cli;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import piker.contracts.RemoteError;
import piker.contracts.ems.EmsProtocol;
import piker.pikerd.client.EmsConnection;
import piker.pikerd.client.PikerClient;

/** {@code piker positions [--account ACCT]}: the open positions of every account, or of one. */
@Command(name = "positions", description = "List open positions (non-zero only).",
    exitCodeList = {HelpText.EXIT_OK, "1:an account's ledger cannot be read (named); a remote error",
        HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker positions",
        "  piker positions --account sim.paper --json"})
final class PositionsCommand extends AccountCommand {
  @Override
  int run(PikerClient client) {
    try (EmsConnection ems = EmsConnection.open(client, dialogAccounts(), event -> { }, OrdersCommand.OPEN_TIMEOUT)) {
      failIfUnknown(ems.started().unavailable());
      List<EmsProtocol.Position> open = ems.started().positions().stream()
          .filter(position -> position.size().signum() != 0).toList();
      if (global.json()) {
        out().println(json.write(open.stream().map(OrderViews::position).toList()));
      } else if (open.isEmpty()) {
        sayNone("open positions");
      } else {
        open.forEach(position -> out().println(OrderViews.positionText(position)));
      }
      out().flush();
      return ExitCodes.OK;
    }
  }

  /** Positions that emsd cannot tell now (an unreadable ledger) fail the command: "none" would be a lie. */
  private static void failIfUnknown(List<EmsProtocol.Unavailable> unavailable) {
    if (unavailable.isEmpty()) {
      return;
    }
    RemoteError first = unavailable.get(0).error();
    if (unavailable.size() == 1) {
      throw first.toException();
    }
    throw RemoteError.of(first.type(), unavailable.stream().map(u -> u.account() + ": " + u.error().message())
        .collect(Collectors.joining("; ")), first.source()).toException();
  }
}
