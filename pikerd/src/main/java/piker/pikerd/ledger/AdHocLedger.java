package piker.pikerd.ledger;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.brokerd.Brokerd;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.Cookie;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendCatalog;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.BackendRuntime;
import piker.paperboi.Paperboi;
import piker.pikerd.config.PikerConfig;
import piker.pikerd.runtime.Systems;

/**
 * {@code piker ledger} without a pikerd: a local actor system with only the clearing daemon the
 * account needs, asked exactly as emsd would ask it, then shut down. It never starts a full pikerd,
 * and no remoting. A paper account needs paperboi; a live one brokerd, spawned here through the one
 * override of rule 1 (emsd's clearing link is the only other way brokerd starts), with the backend's
 * runtime (the embedded sim venue) for as long as the sync takes.
 */
public final class AdHocLedger {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private AdHocLedger() {}

  public static ClearingProtocol.LedgerReply load(RuntimeSettings settings, String account) {
    String broker = account.substring(0, account.indexOf('.'));
    ActorSystem<DaemonLifecycle.Event> system = ActorSystem.create(Behaviors.ignore(), "piker-ledger",
        ConfigFactory.parseMap(Map.of("pekko.actor.provider", "local", "pekko.loglevel", "WARNING"))
            .withFallback(ConfigFactory.load()));
    // the backend's runtime (the embedded venue) outlives the daemons that use it, as in pikerd: closed
    // first, it would make brokerd's venue link report a loss on the way out
    List<BackendRuntime> runtimes = new ArrayList<>();
    try {
      Hello hello = Hello.of(Cookie.read(settings.cookieFile()));
      return account.endsWith(".paper") ? paper(system, settings, broker, account, hello)
          : live(system, settings, broker, account, hello, runtimes::add);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw cause instanceof RuntimeException runtime ? runtime
          : new IllegalStateException("the ledger was not loaded: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the ledger", e);
    } finally {
      Systems.terminate(system, Duration.ofSeconds(5));
      runtimes.forEach(BackendRuntime::close);
    }
  }

  private static ClearingProtocol.LedgerReply paper(ActorSystem<DaemonLifecycle.Event> system,
                                                    RuntimeSettings settings, String broker, String account,
                                                    Hello hello)
      throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException, InterruptedException {
    DaemonSpec spec = new DaemonSpec(ServiceName.of(DaemonKind.PAPERBOI, broker), settings, system, false);
    ActorRef<DaemonProtocol.Command> paperboi = system.systemActorOf(Paperboi.create(spec), "paperboi." + broker,
        Props.empty());
    DaemonProtocol.CallResult result = AskPattern.<DaemonProtocol.Command, DaemonProtocol.CallResult>ask(paperboi,
            replyTo -> new DaemonProtocol.Call(Endpoint.LOAD_PAPER_LEDGER.wireName(), hello,
                new ClearingProtocol.LedgerRequest(account), replyTo), TIMEOUT, system.scheduler())
        .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (result instanceof DaemonProtocol.Failure failure) {
      throw failure.error().toException();
    }
    return (ClearingProtocol.LedgerReply) ((DaemonProtocol.Reply) result).result();
  }

  /** brokerd's trade dialog for the one account, and a ledger sync inside it, as emsd would send it. */
  private static ClearingProtocol.LedgerReply live(ActorSystem<DaemonLifecycle.Event> system, RuntimeSettings settings,
                                                   String broker, String account, Hello hello,
                                                   Consumer<BackendRuntime> closeAfterSystem)
      throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException, InterruptedException {
    BackendCatalog backends = BackendCatalog.load(AdHocLedger.class.getClassLoader());
    Backend backend = backends.find(broker).orElseThrow(() ->
        new IllegalArgumentException("unknown backend '" + broker + "'"));
    // the command checked conf.toml before it came here; read again, a file broken meanwhile is a BadConfigException
    Map<String, Object> section = PikerConfig.read(settings.configDir(), backends).section(broker);
    BackendRuntime runtime = backend.startRuntime(new BackendContext(settings, section)).toCompletableFuture()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    closeAfterSystem.accept(runtime);
    Map<String, Object> options = new HashMap<>(section);
    options.putAll(runtime.options());
    DaemonSpec spec = new DaemonSpec(ServiceName.of(DaemonKind.BROKERD, broker), settings, system, false, options,
        Map.of(), Optional.empty());
    ActorRef<DaemonProtocol.Command> brokerd = system.systemActorOf(Brokerd.create(spec, backend, System.getenv()),
        "brokerd." + broker + "-" + UUID.randomUUID().toString().replace("-", ""), Props.empty());
    CompletableFuture<ClearingProtocol.LedgerReply> synced = new CompletableFuture<>();
    ActorRef<Session.Event> opener = system.systemActorOf(syncInDialog(account, synced), "ledger-dialog",
        Props.empty());
    brokerd.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.OPEN_TRADE_DIALOG.wireName(),
        hello, new ClearingProtocol.DialogParams(List.of(account)), opener));
    return synced.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The dialog's opener: once it starts, one SyncLedger; its answer completes {@code synced}. */
  private static Behavior<Session.Event> syncInDialog(String account, CompletableFuture<ClearingProtocol.LedgerReply> synced) {
    String requestId = UUID.randomUUID().toString();
    return Behaviors.receive(Session.Event.class)
        .onMessage(Session.Started.class, started -> {
          if (started.first() instanceof ClearingProtocol.PaperOnly paper) {
            synced.completeExceptionally(RemoteError.of("NotAvailable", paper.reason(), "piker ledger").toException());
          } else {
            started.session().tell(new Session.Send(new ClearingProtocol.SyncLedger(requestId, account)));
          }
          return Behaviors.same();
        })
        .onMessage(Session.Message.class, message -> {
          if (message.body() instanceof ClearingProtocol.LedgerSynced answer && requestId.equals(answer.requestId())) {
            if (answer.reply() != null) {
              synced.complete(answer.reply());
            } else {
              synced.completeExceptionally((answer.error() != null ? answer.error()
                  : RemoteError.of("LedgerError", "brokerd sent no ledger", "piker ledger")).toException());
            }
          }
          return Behaviors.same();
        })
        .onMessage(Session.Refused.class, refused -> {
          synced.completeExceptionally(refused.error().toException());
          return Behaviors.same();
        })
        .onMessage(Session.Ended.class, ended -> {
          synced.completeExceptionally((ended.error() != null ? ended.error()
              : RemoteError.of("DialogEnded", "brokerd ended the dialog", "piker ledger")).toException());
          return Behaviors.same();
        })
        .build();
  }
}
