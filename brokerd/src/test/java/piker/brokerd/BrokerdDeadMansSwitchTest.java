package piker.brokerd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.brokerd.account.SwitchVenue;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.DataClient;
import piker.contracts.spi.TradeClient;
import piker.contracts.testkit.TestCookies;

/**
 * brokerd wires emsd's dialog to the venue's dead man's switch: its trader re-arms the switch while the
 * dialog lives, stops when emsd's side of it is gone, and an orderly stop closes the client (which disarms).
 */
class BrokerdDeadMansSwitchTest {
  private static final ActorTestKit kit = ActorTestKit.create(ManualTime.config()
      .withFallback(ConfigFactory.load("application-test")));
  private static final ManualTime time = ManualTime.get(kit.system());
  private static final String BROKER = "deadman";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** A backend with a trade side only, whose one account is {@code venue}. */
  private record SwitchBackend(SwitchVenue venue) implements Backend {
    @Override
    public String name() {
      return BROKER;
    }

    @Override
    public Set<Endpoint> endpoints() {
      return Set.of(Endpoint.OPEN_TRADE_DIALOG);
    }

    @Override
    public CompletionStage<DataClient> openDataClient(BackendContext context) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException("trade side only"));
    }

    @Override
    public CompletionStage<TradeClient> openTradeClient(BackendContext context, Credentials credentials,
                                                        String venueAccount, TradeClient.TradeListener listener) {
      return CompletableFuture.completedFuture(venue);
    }
  }

  private ActorRef<DaemonProtocol.Command> brokerd(SwitchVenue venue) throws Exception {
    Path file = dir.resolve("brokers.toml");
    Files.writeString(file, "[" + BROKER + "]\napi_key = \"key-deadman-test\"\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    TestProbe<DaemonLifecycle.Event> lifecycle = kit.createTestProbe();
    return kit.spawn(Brokerd.create(new DaemonSpec(ServiceName.of(DaemonKind.BROKERD, BROKER),
        TestCookies.settingsIn(dir), lifecycle.ref(), false, Map.of("accounts", Map.of("main", "A-1")), Map.of()),
        new SwitchBackend(venue), Map.of()));
  }

  /** emsd's side of the dialog: the probe that opened it, once brokerd has begun it. */
  private TestProbe<Session.Event> openDialog(ActorRef<DaemonProtocol.Command> brokerd) {
    TestProbe<Session.Event> emsd = kit.createTestProbe();
    brokerd.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.OPEN_TRADE_DIALOG.wireName(),
        TestCookies.hello(), new ClearingProtocol.DialogParams(List.of(BROKER + ".main"), List.of()), emsd.ref()));
    Session.Started started = emsd.expectMessageClass(Session.Started.class, WAIT);
    assertInstanceOf(ClearingProtocol.DialogStarted.class, started.first());
    return emsd;
  }

  @Test
  void theSwitchIsReArmedWhileEmsdsDialogLivesAndLeftToRunOutWhenEmsdIsGone() throws Exception {
    SwitchVenue venue = new SwitchVenue(Optional.of(Duration.ofSeconds(60)));
    ActorRef<DaemonProtocol.Command> brokerd = brokerd(venue);
    TestProbe<Session.Event> emsd = openDialog(brokerd);
    assertTrue(venue.armedWithin(WAIT.toMillis()), "armed at login");
    time.timePasses(Duration.ofSeconds(15));
    assertTrue(venue.armedWithin(WAIT.toMillis()), "re-armed while the dialog lives");

    // emsd's side of the session is gone, as when emsd crashes; the trader says when it heard
    LoggingTestKit.info("emsd's dialog ended").expect(kit.system(), () -> {
      emsd.stop();
      return null;
    });
    time.timePasses(Duration.ofSeconds(60));
    assertFalse(venue.armedWithin(200), "no dialog, no arm: the venue cancels");

    openDialog(brokerd);
    assertTrue(venue.armedWithin(WAIT.toMillis()), "a new dialog re-arms at once");

    kit.stop(brokerd, WAIT);
    assertTrue(venue.closedWithin(WAIT.toMillis()), "an orderly stop closes (so disarms) it");
  }
}
