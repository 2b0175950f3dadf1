package piker.pikerd.ledger;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.Cookie;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.paperboi.Paperboi;

/**
 * {@code piker ledger} without a pikerd: a local actor system with only the clearing daemon the
 * account needs (paperboi for a paper account), asked exactly as emsd would ask it, then shut down.
 * It never starts a full pikerd, and no remoting.
 */
public final class AdHocLedger {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private AdHocLedger() {}

  public static ClearingProtocol.LedgerReply load(RuntimeSettings settings, String account) {
    String broker = account.substring(0, account.indexOf('.'));
    if (!account.endsWith(".paper")) {
      throw new IllegalArgumentException("the ledger of live account " + account
          + " comes with brokerd, which this build does not have yet");
    }
    ActorSystem<DaemonLifecycle.Event> system = ActorSystem.create(Behaviors.ignore(), "piker-ledger",
        ConfigFactory.parseMap(Map.of("pekko.actor.provider", "local", "pekko.loglevel", "WARNING"))
            .withFallback(ConfigFactory.load()));
    try {
      DaemonSpec spec = new DaemonSpec(ServiceName.of(DaemonKind.PAPERBOI, broker), settings, system, false);
      ActorRef<DaemonProtocol.Command> paperboi = system.systemActorOf(Paperboi.create(spec), "paperboi." + broker,
          org.apache.pekko.actor.typed.Props.empty());
      Hello hello = Hello.of(Cookie.read(settings.cookieFile()));
      DaemonProtocol.CallResult result = AskPattern.<DaemonProtocol.Command, DaemonProtocol.CallResult>ask(paperboi,
              replyTo -> new DaemonProtocol.Call(Endpoint.LOAD_PAPER_LEDGER.wireName(), hello,
                  new ClearingProtocol.LedgerRequest(account), replyTo), TIMEOUT, system.scheduler())
          .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (result instanceof DaemonProtocol.Failure failure) {
        throw failure.error().toException();
      }
      return (ClearingProtocol.LedgerReply) ((DaemonProtocol.Reply) result).result();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("paperboi did not load the ledger: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the ledger", e);
    } finally {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the command is about to exit anyway
      }
    }
  }
}
