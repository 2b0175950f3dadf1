package piker.paperboi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.accounting.Clear;
import piker.accounting.LedgerFile;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.contracts.testkit.Markets;
import piker.contracts.testkit.StubServices;
import piker.contracts.testkit.TestCookies;

/**
 * paperboi with a ledger it cannot read (real files): it refuses its dialog and its ledger call with
 * the reason in words (file, line, what to do) and stays up; once the file is repaired the next dialog
 * and call work, with no restart.
 */
class PaperboiLedgerErrorTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  private ActorRef<DaemonProtocol.Command> paperboi;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @AfterEach
  void stopPaperboi() {
    if (paperboi != null) {
      kit.stop(paperboi, WAIT);
    }
  }

  private void startPaperboi(RuntimeSettings settings) {
    TestProbe<DaemonLifecycle.Event> lifecycle = kit.createTestProbe();
    paperboi = kit.spawn(Paperboi.create(new DaemonSpec(ServiceName.of(DaemonKind.PAPERBOI, "sim"), settings,
        lifecycle.ref(), true, Map.of(), Map.of(), Optional.of(kit.spawn(new StubServices().behavior())))));
  }

  private Session.Event openDialog() {
    TestProbe<Session.Event> opener = kit.createTestProbe();
    paperboi.tell(new DaemonProtocol.OpenSession(UUID.randomUUID().toString(), Endpoint.OPEN_PAPER_DIALOG.wireName(),
        TestCookies.hello(), new ClearingProtocol.DialogParams(List.of("sim.paper")), opener.ref()));
    return opener.expectMessageClass(Session.Event.class, WAIT);
  }

  private DaemonProtocol.CallResult loadLedger() {
    TestProbe<DaemonProtocol.CallResult> caller = kit.createTestProbe();
    paperboi.tell(new DaemonProtocol.Call(Endpoint.LOAD_PAPER_LEDGER.wireName(), TestCookies.hello(),
        new ClearingProtocol.LedgerRequest("sim.paper"), caller.ref()));
    return caller.expectMessageClass(DaemonProtocol.CallResult.class, WAIT);
  }

  private static void assertNamesTheLine(RemoteError error, Path ledger) {
    assertEquals(ErrorKind.LEDGER_UNREADABLE.wire(), error.type());
    assertTrue(error.message().contains(ledger + ":7: ") && error.message().contains("fix that line"),
        error.message());
    assertTrue(error.trace().isEmpty() && !error.message().contains("Exception"), "in words: " + error.message());
  }

  @Test
  void anUnreadableLedgerRefusesTheDialogAndTheLedgerCallUntilItIsRepaired() throws Exception {
    RuntimeSettings settings = TestCookies.settingsIn(dir);
    LedgerFile.open(settings.dataDir(), "sim.paper").append(List.of(new Clear("t-1", Markets.BTC,
        new BigDecimal("0.001"), new BigDecimal("60000.01"), BigDecimal.ZERO, java.time.Instant.EPOCH, "BTCUSDT")));
    Path ledger = LedgerFile.path(settings.dataDir(), "sim.paper");
    String good = Files.readString(ledger);
    List<String> lines = new java.util.ArrayList<>(List.of(good.split("\n", -1)));
    lines.add(6, "this is garbage");
    Files.writeString(ledger, String.join("\n", lines));
    startPaperboi(settings);

    Session.Event refused = openDialog();
    assertTrue(refused instanceof Session.Refused, refused.toString());
    assertNamesTheLine(((Session.Refused) refused).error(), ledger);
    DaemonProtocol.CallResult call = loadLedger();
    assertTrue(call instanceof DaemonProtocol.Failure, call.toString());
    assertNamesTheLine(((DaemonProtocol.Failure) call).error(), ledger);

    Files.writeString(ledger, good);
    Session.Event started = openDialog();
    assertTrue(started instanceof Session.Started, started.toString());
    ClearingProtocol.DialogStarted first = (ClearingProtocol.DialogStarted) ((Session.Started) started).first();
    assertEquals(0, new BigDecimal("0.001").compareTo(first.positions().get(0).size()));
    assertTrue(loadLedger() instanceof DaemonProtocol.Reply);
  }
}
