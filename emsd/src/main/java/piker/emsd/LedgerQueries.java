package piker.emsd;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import piker.contracts.ErrorKind;
import piker.contracts.LocalOnly;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.AccountName;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.emsd.router.RouterInput;

/**
 * {@code load_ledger}: a paper account's ledger is asked of its paperboi; a live account's is synced from
 * the venue by brokerd inside emsd's dialog with it, answered (or failed, or timed out) here.
 */
final class LedgerQueries {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(30);
  private static final String EMSD = "emsd";

  /** A live ledger sync not answered in time. */
  record TimedOut(String requestId) implements DaemonProtocol.Command, LocalOnly {}

  /** A live ledger sync sent to brokerd and not answered yet. */
  private record Pending(ServiceName link, CompletableFuture<Payload> answer) {}

  private final ActorContext<DaemonProtocol.Command> ctx;
  private final EmsSettings settings;
  private final Optional<ActorRef<ServicesProtocol.Command>> services;
  private final Hello hello;
  private final String source;
  /** Runs a router input (a sync) and its effects. */
  private final Consumer<RouterInput> router;
  private final Map<String, Pending> pending = new HashMap<>();

  LedgerQueries(ActorContext<DaemonProtocol.Command> ctx, EmsSettings settings,
                Optional<ActorRef<ServicesProtocol.Command>> services, Hello hello, String source,
                Consumer<RouterInput> router) {
    this.ctx = ctx;
    this.settings = settings;
    this.services = services;
    this.hello = hello;
    this.source = source;
    this.router = router;
  }

  CompletionStage<Payload> load(Payload request) {
    if (!(request instanceof ClearingProtocol.LedgerRequest ledger) || ledger.account() == null
        || !settings.accounts().contains(ledger.account())) {
      String asked = request instanceof ClearingProtocol.LedgerRequest ledger ? ledger.account() : null;
      return CompletableFuture.failedFuture(ErrorKind.UNKNOWN_ACCOUNT.error("unknown account '" + asked
          + "'; known: " + String.join(", ", settings.accounts()), source).toException());
    }
    if (services.isEmpty()) {
      return CompletableFuture.failedFuture(RemoteError.of("NotAvailable", "emsd runs without a service manager",
          source).toException());
    }
    AccountName account = AccountName.parse(ledger.account());
    return account.isPaper() ? loadPaper(account, ledger) : syncLive(account);
  }

  private CompletionStage<Payload> loadPaper(AccountName account, ClearingProtocol.LedgerRequest ledger) {
    var scheduler = ctx.getSystem().scheduler();
    return AskPattern.<ServicesProtocol.Command, ServicesProtocol.SpawnReply>ask(services.orElseThrow(),
            replyTo -> new ServicesProtocol.SpawnInternal(ServiceName.of(DaemonKind.PAPERBOI, account.broker()),
                replyTo), SPAWN_TIMEOUT, scheduler)
        .thenCompose(reply -> {
          if (!(reply instanceof ServicesProtocol.Spawned spawned)) {
            throw ((ServicesProtocol.SpawnFailed) reply).error().toException();
          }
          return AskPattern.<DaemonProtocol.Command, DaemonProtocol.CallResult>ask(spawned.ref(),
              replyTo -> new DaemonProtocol.Call(Endpoint.LOAD_PAPER_LEDGER.wireName(), hello, ledger, replyTo),
              SPAWN_TIMEOUT, scheduler);
        })
        .thenApply(result -> {
          if (result instanceof DaemonProtocol.Failure failure) {
            throw failure.error().toException();
          }
          return ((DaemonProtocol.Reply) result).result();
        });
  }

  private CompletionStage<Payload> syncLive(AccountName account) {
    String requestId = UUID.randomUUID().toString();
    CompletableFuture<Payload> answer = new CompletableFuture<>();
    pending.put(requestId, new Pending(ServiceName.of(DaemonKind.BROKERD, account.broker()), answer));
    ctx.scheduleOnce(TIMEOUT, ctx.getSelf(), new TimedOut(requestId));
    router.accept(new RouterInput.SyncLedger(requestId, account.toString()));
    return answer;
  }

  /** brokerd's answer, from the link's non-event messages. */
  void reply(Payload body) {
    if (body instanceof ClearingProtocol.LedgerSynced synced) {
      Pending waiting = pending.remove(synced.requestId());
      if (waiting == null) {
        return;
      }
      if (synced.error() != null || synced.reply() == null) {
        waiting.answer().completeExceptionally((synced.error() != null ? synced.error()
            : RemoteError.of("LedgerError", "brokerd sent no ledger", EMSD)).toException());
      } else {
        waiting.answer().complete(synced.reply());
      }
    }
  }

  void timedOut(TimedOut timedOut) {
    Pending waiting = pending.remove(timedOut.requestId());
    if (waiting != null) {
      waiting.answer().completeExceptionally(RemoteError.of("Timeout", waiting.link() + " did not sync the ledger "
          + "within " + TIMEOUT.toSeconds() + " s", EMSD).toException());
    }
  }

  void fail(String requestId, RemoteError error) {
    Pending waiting = pending.remove(requestId);
    if (waiting != null) {
      waiting.answer().completeExceptionally(error.toException());
    }
  }

  /** The link's dialog is gone (or paper-only): its syncs will not be answered. */
  void failAll(ServiceName link, RemoteError error) {
    pending.entrySet().removeIf(entry -> {
      if (entry.getValue().link().equals(link)) {
        entry.getValue().answer().completeExceptionally(error.toException());
        return true;
      }
      return false;
    });
  }
}
