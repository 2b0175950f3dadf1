package piker.pikerd.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import piker.contracts.RemoteError;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.ems.EmsProtocol.Resp;
import piker.contracts.names.Echoed;
import piker.contracts.names.Fqme;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.client.EmsConnection;
import piker.pikerd.client.PikerClient;

/**
 * {@code piker order ACTION FQME --size S --price P}: submits (or with {@code --oid} of an active
 * order, modifies) an order and prints its statuses until it rests, triggers, or is done.
 */
@Command(name = "order", description = "Submit or modify an order (buy, sell or alert) and print its statuses.",
    exitCodeList = {HelpText.EXIT_OK, "1:the order ended in error, or --timeout passed (the order stays active)",
        HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker order buy btcusdt.spot.sim --size 0.01 --price 59000",
        "  piker order sell btcusdt.spot.sim --size 0.01 --price 61000 --dark --follow"})
final class OrderCommand extends ClientCommand {
  private static final Set<String> ACTIONS = Set.of("buy", "sell", "alert");
  /** After closed, how long to wait for the position line that follows it. */
  private static final Duration POSITION_GRACE = Duration.ofSeconds(5);

  @Parameters(index = "0", paramLabel = "ACTION", description = "buy, sell or alert.")
  String actionText;

  @Parameters(index = "1", paramLabel = "FQME", description = "The market, e.g. btcusdt.spot.sim.")
  String fqmeText;

  @Option(names = "--size", required = true, paramLabel = "S", description = "Size, an exact decimal > 0.")
  String sizeText;

  @Option(names = "--price", required = true, paramLabel = "P", description = "Limit or trigger price, >= 0.")
  String priceText;

  @Option(names = "--dark", description = "Hold the order in emsd's trigger book until the market crosses its price.")
  boolean dark;

  @Option(names = "--account", paramLabel = "ACCT", description = "<broker>.<label>, or paper (default).")
  String accountText;

  @Option(names = "--oid", paramLabel = "ID", description = "Order id; an active order's id modifies it.")
  String oid;

  @Option(names = "--follow", description = "Wait until the order is done.")
  boolean follow;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "Stop waiting after this long (default 30s); the order stays active.")
  String timeoutText;

  private String action;
  private Fqme fqme;
  private BigDecimal size;
  private BigDecimal price;
  private String account;
  private Duration timeout;

  @Override
  void validate() {
    action = actionText.strip().toLowerCase(Locale.ROOT);
    if (!ACTIONS.contains(action)) {
      throw new BadInputException("invalid ACTION '" + Echoed.cut(actionText) + "': use buy, sell or alert");
    }
    BackendCatalog backends = BackendCatalog.load(OrderCommand.class.getClassLoader());
    fqme = Inputs.fqme(fqmeText, backends);
    size = Inputs.positive(sizeText, "--size");
    price = Inputs.nonNegative(priceText, "--price");
    account = Accounts.check(accountText, global.configDir(), backends);
    timeout = Inputs.duration(timeoutText, "--timeout");
    if (oid != null) {
      Inputs.oid(oid, "--oid");
    }
  }

  @Override
  int run(PikerClient client) {
    fqme = MktInfoCommand.canonical(client, fqme);
    String id = oid != null ? oid : UUID.randomUUID().toString();
    String resolved = account.equals("paper") ? fqme.broker() + ".paper" : account;
    CompletableFuture<Integer> done = new CompletableFuture<>();
    Progress progress = new Progress(resolved);
    try (EmsConnection ems = open(client, resolved, event -> {
      synchronized (done) {
        onEvent(event, id, progress, done);
      }
    })) {
      ems.send(new EmsProtocol.Order(id, action, fqme.toString(), price, size, account,
          dark ? "dark" : "live"));
      ems.ended().thenAccept(error -> {
        synchronized (done) {
          if (progress.closed) {
            done.complete(ExitCodes.OK); // only the position line is missing: the order is done
          } else {
            done.completeExceptionally(new IllegalStateException(lostContact(id, progress.lastResp, error)));
          }
        }
      });
      return Waiting.exitCode(done, timeout, spec.commandLine().getErr(), "order: timed out after " + timeoutText
          + "; the order stays active");
    }
  }

  private EmsConnection open(PikerClient client, String resolved, Consumer<EmsProtocol.Event> events) {
    try {
      return EmsConnection.open(client, List.of(resolved), events, timeout);
    } catch (EmsConnection.NoAnswer e) {
      throw new IllegalStateException(e.getMessage() + "; allow it longer with --timeout", e);
    }
  }

  /**
   * Why the command ends without the order's outcome: the dialog with emsd ended (pikerd stopped or
   * the connection dropped) while the order was in flight, so whether it was placed is unknown here.
   */
  static String lostContact(String oid, String lastResp, RemoteError error) {
    String why = error == null ? "emsd ended it" : Failures.withoutClassNames(error.message());
    String check = "once pikerd runs again, `piker orders` lists it if it is active and `piker positions` shows "
        + "any fill";
    return lastResp == null
        ? "emsd had not confirmed order " + oid + " when the dialog ended (" + why + "): the order may or may not "
            + "have been placed; " + check
        : "order " + oid + " was " + lastResp + " when the dialog with emsd ended (" + why + "): it may still be "
            + "active, or have filled since; " + check;
  }

  /**
   * What the order's statuses told so far: the account it clears in (a live account without a key
   * clears on paper) and the position that came after its last fill, printed once it is closed.
   */
  private static final class Progress {
    String account;
    /** The last status seen, null before emsd confirmed the order. */
    String lastResp;
    boolean closed;
    EmsProtocol.Position position;

    Progress(String account) {
      this.account = account;
    }
  }

  private void onEvent(EmsProtocol.Event event, String id, Progress progress, CompletableFuture<Integer> done) {
    if (done.isDone()) {
      return;
    }
    if (event instanceof EmsProtocol.Status status && id.equals(status.oid())) {
      print(global.json() ? json.write(OrderViews.status(status)) : OrderViews.statusText(status), done);
      progress.lastResp = status.resp();
      if (status.account() != null) {
        progress.account = status.account();
      }
      switch (status.resp()) {
        case Resp.ERROR -> done.complete(ExitCodes.FAILED);
        case Resp.CANCELED -> done.complete(ExitCodes.OK);
        case Resp.FILL -> progress.position = null; // the position after this fill is the one to show
        case Resp.CLOSED -> {
          progress.closed = true;
          if (progress.position != null) {
            printPosition(progress.position, done); // a clearing daemon may send it before closed
          } else {
            // the order is done; its position line follows closely, but is not worth failing over
            CompletableFuture.delayedExecutor(POSITION_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> done.complete(ExitCodes.OK));
          }
        }
        case Resp.DARK_OPEN -> completeUnlessFollowing(done);
        case Resp.OPEN -> {
          if (Boolean.TRUE.equals(status.resting())) {
            completeUnlessFollowing(done);
          }
        }
        case Resp.TRIGGERED -> {
          if ("alert".equals(status.action())) {
            done.complete(ExitCodes.OK);
          }
        }
        default -> { }
      }
    } else if (event instanceof EmsProtocol.Position position && progress.account.equals(position.account())
        && fqme.toString().equals(position.fqme())) {
      if (progress.closed) {
        printPosition(position, done);
      } else {
        progress.position = position;
      }
    }
  }

  private void printPosition(EmsProtocol.Position position, CompletableFuture<Integer> done) {
    print(global.json() ? json.write(OrderViews.position(position)) : OrderViews.positionText(position), done);
    done.complete(ExitCodes.OK);
  }

  private void completeUnlessFollowing(CompletableFuture<Integer> done) {
    if (!follow) {
      done.complete(ExitCodes.OK);
    }
  }

  /** Prints a status or position; a closed stdout ends the command (the order stays as it is). */
  private void print(String line, CompletableFuture<Integer> done) {
    if (!emit(line)) {
      done.complete(ExitCodes.OK);
    }
  }


}
