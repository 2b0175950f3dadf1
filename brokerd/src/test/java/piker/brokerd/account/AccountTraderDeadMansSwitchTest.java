package piker.brokerd.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.RemoteError;

/**
 * The trader keeps the venue's dead man's switch armed while emsd's dialog lives, under ManualTime: every
 * quarter of the timeout (15 s for 60 s), at once after a reconnect, never after the dialog ended, never
 * when the account has it off; refusals are logged, warning first, error when they repeat.
 */
class AccountTraderDeadMansSwitchTest {
  private static final ActorTestKit kit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime time = ManualTime.get(kit.system());
  private static final String ACCOUNT = "kraken.main";
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** How long an arm that should not come is waited for: the actor answers in well under this. */
  private static final long NONE_WITHIN_MS = 200;
  private static final Duration PERIOD = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private ActorRef<AccountTrader.Command> openedTrader(SwitchVenue venue) {
    TestProbe<AccountTrader.Reply> parent = kit.createTestProbe();
    ActorRef<AccountTrader.Command> trader = kit.spawn(AccountTrader.create(ACCOUNT, "A-1", dir,
        (account, listener) -> {
          venue.listener = listener;
          return CompletableFuture.completedFuture(venue);
        }, parent.ref(), Duration.ofSeconds(20)));
    trader.tell(new AccountTrader.Open(List.of()));
    parent.expectMessageClass(AccountTrader.Opened.class, WAIT);
    return trader;
  }

  private static void armed(SwitchVenue venue, String why) throws InterruptedException {
    assertTrue(venue.armedWithin(WAIT.toMillis()), why);
  }

  private static void notArmed(SwitchVenue venue, String why) throws InterruptedException {
    assertFalse(venue.armedWithin(NONE_WITHIN_MS), why);
  }

  @Test
  void armsAtLoginAndEveryQuarterOfTheTimeoutUntilTheDialogEnds() throws Exception {
    SwitchVenue venue = new SwitchVenue(Optional.of(Duration.ofSeconds(60)));
    ActorRef<AccountTrader.Command> trader = openedTrader(venue);
    armed(venue, "armed as soon as logged in within the dialog");

    time.timePasses(PERIOD.minusSeconds(1));
    notArmed(venue, "not before a quarter of the timeout");
    time.timePasses(Duration.ofSeconds(1));
    armed(venue, "re-armed after 15 s");
    time.timePasses(PERIOD);
    armed(venue, "and again");

    trader.tell(new AccountTrader.DialogEnded());
    time.timePasses(Duration.ofSeconds(60));
    notArmed(venue, "emsd's dialog is gone: the venue must be let cancel");

    trader.tell(new AccountTrader.Open(List.of()));
    armed(venue, "a new dialog re-arms at once");
    time.timePasses(PERIOD);
    armed(venue, "and keeps it armed");
    kit.stop(trader);
  }

  @Test
  void aSwitchThatIsOffIsNeverArmed() throws Exception {
    SwitchVenue venue = new SwitchVenue(Optional.empty());
    ActorRef<AccountTrader.Command> trader = openedTrader(venue);
    time.timePasses(Duration.ofSeconds(60));
    venue.listener.onReconnected();
    notArmed(venue, "the account has the switch off");
    kit.stop(trader);
  }

  @Test
  void aDroppedLinkPausesTheArmsAndTheReconnectArmsAtOnce() throws Exception {
    SwitchVenue venue = new SwitchVenue(Optional.of(Duration.ofSeconds(60)));
    ActorRef<AccountTrader.Command> trader = openedTrader(venue);
    armed(venue, "armed at login");

    LoggingTestKit.warn("venue link lost").expect(kit.system(), () -> {
      venue.listener.onDisconnected(RemoteError.of("Disconnected", "link lost", "kraken"));
      return null;
    });
    time.timePasses(PERIOD);
    notArmed(venue, "nothing is armed over a dropped link");
    venue.listener.onReconnected();
    armed(venue, "re-armed at once: the new login may have reset the switch");
    time.timePasses(PERIOD);
    armed(venue, "and on schedule after it");
    kit.stop(trader);
  }

  @Test
  void aRefusedArmIsAWarningAndARepeatedOneAnError() throws Exception {
    SwitchVenue venue = new SwitchVenue(Optional.of(Duration.ofSeconds(60)));
    venue.refuseNext(2);
    ActorRef<AccountTrader.Command> trader = LoggingTestKit.warn("could not re-arm the venue's dead man's switch")
        .withMessageContains("EGeneral:Internal error").expect(kit.system(), () -> openedTrader(venue));
    armed(venue, "the refused arm at login");
    LoggingTestKit.error("2 times in a row").expect(kit.system(), () -> {
      time.timePasses(PERIOD);
      return null;
    });
    LoggingTestKit.info("armed again").expect(kit.system(), () -> {
      time.timePasses(PERIOD);
      return null;
    });
    assertEquals(2, venue.armsLeft(), "the refused re-arm and the one the venue took");
    kit.stop(trader);
  }
}
