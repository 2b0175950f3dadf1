package piker.pikerd.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.client.EmsConnection;
import piker.pikerd.client.PikerClient;

/**
 * {@code piker cancel OID} or {@code piker cancel --all [--account ACCT]}: cancels one active order,
 * or every one (dark ones included: the kill switch), and prints each final status.
 *
 * <p>One OID is always sent, listed active or not: emsd alone knows an order still waiting for its
 * market, and answers an unknown or done oid with an error status (exit 1).
 */
@Command(name = "cancel", description = "Cancel one active order, or --all of them (the kill switch).",
    exitCodeList = {HelpText.EXIT_OK, "1:the oid is unknown or already done; a remote error, a timeout",
        HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker cancel my-order-1",
        "  piker cancel --all --account sim.paper"})
final class CancelCommand extends ClientCommand {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Parameters(arity = "0..1", paramLabel = "OID", description = "The order to cancel.")
  String oid;

  @Option(names = "--all", description = "Cancel every active order (of --account, else of every account).")
  boolean all;

  @Option(names = "--account", paramLabel = "ACCT", description = "With --all: only this account.")
  String accountText;

  private String account;

  @Override
  void validate() {
    if (all == (oid != null)) {
      throw new BadInputException("give either an OID or --all");
    }
    if (accountText != null && !all) {
      throw new BadInputException("--account goes with --all");
    }
    if (oid != null) {
      Inputs.oid(oid, "OID");
    }
    account = accountText == null ? null
        : Accounts.check(accountText, global.configDir(), BackendCatalog.load(CancelCommand.class.getClassLoader()));
  }

  @Override
  int run(PikerClient client) {
    Set<String> waiting = new HashSet<>();
    // orders that end between the dialog's start and the cancel being sent (a fill, another client's cancel)
    Map<String, EmsProtocol.Status> endedEarly = new HashMap<>();
    boolean[] counting = {false};
    CompletableFuture<Integer> done = new CompletableFuture<>();
    int[] failed = {0};
    try (EmsConnection ems = EmsConnection.open(client, account == null ? List.of() : List.of(account), event -> {
      synchronized (waiting) {
        if (!(event instanceof EmsProtocol.Status status)) {
          return;
        }
        if (!counting[0]) {
          if (status.terminal()) {
            endedEarly.put(status.oid(), status);
          }
        } else if (waiting.contains(status.oid()) && status.terminal()) {
          ended(status, waiting, failed, done);
        }
      }
    }, TIMEOUT)) {
      List<String> active = ems.started().active().stream().map(EmsProtocol.Status::oid).toList();
      boolean nothingActive;
      synchronized (waiting) {
        if (all) {
          waiting.addAll(active);
        } else {
          waiting.add(oid);
        }
        nothingActive = waiting.isEmpty();
        counting[0] = true;
        endedEarly.values().stream().filter(status -> waiting.contains(status.oid()))
            .forEach(status -> ended(status, waiting, failed, done));
      }
      // the kill switch goes out even with nothing active: it also reaches orders emsd has not accepted yet
      if (all || !done.isDone()) {
        ems.send(all ? new EmsProtocol.CancelAll(account) : new EmsProtocol.Cancel(oid));
      }
      if (nothingActive) {
        return ExitCodes.OK;
      }
      return Waiting.exitCode(done, TIMEOUT, spec.commandLine().getErr(), "cancel: not every order was canceled within " + TIMEOUT.toSeconds() + " s");
    }
  }

  /** One awaited order's final status; the command is done when none is left. */
  private void ended(EmsProtocol.Status status, Set<String> waiting, int[] failed, CompletableFuture<Integer> done) {
    print(status);
    waiting.remove(status.oid());
    if (status.resp().equals(EmsProtocol.Resp.ERROR)) {
      failed[0]++;
    }
    if (waiting.isEmpty()) {
      done.complete(failed[0] == 0 ? ExitCodes.OK : ExitCodes.FAILED);
    }
  }

  private void print(EmsProtocol.Status status) {
    out().println(global.json() ? json.write(OrderViews.status(status)) : OrderViews.statusText(status));
    out().flush();
  }
}
