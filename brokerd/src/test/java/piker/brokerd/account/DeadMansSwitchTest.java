package piker.brokerd.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import piker.brokerd.account.DeadMansSwitch.Heard;
import piker.brokerd.account.DeadMansSwitch.Step;
import piker.brokerd.account.DeadMansSwitch.Tick;

/** When the trader re-arms a venue's dead man's switch: only while logged in, linked and in emsd's dialog. */
class DeadMansSwitchTest {
  private static final Optional<Duration> MINUTE = Optional.of(Duration.ofSeconds(60));

  private static DeadMansSwitch armedInDialog() {
    DeadMansSwitch deadMan = new DeadMansSwitch();
    deadMan.dialogOpened();
    Step first = deadMan.loggedIn(MINUTE);
    assertTrue(first.arms());
    assertEquals(Heard.ARMED, deadMan.heard(first.arm(), false));
    return deadMan;
  }

  @Test
  void theSwitchIsReArmedEveryQuarterOfItsTimeoutWithinOneToFifteenSeconds() {
    assertEquals(Duration.ofSeconds(15), DeadMansSwitch.period(Duration.ofSeconds(60)), "Kraken's 60 s: every 15 s");
    assertEquals(Duration.ofSeconds(5), DeadMansSwitch.period(Duration.ofSeconds(20)));
    assertEquals(Duration.ofSeconds(1), DeadMansSwitch.period(Duration.ofSeconds(2)), "never more often than 1 s");
    assertEquals(Duration.ofSeconds(15), DeadMansSwitch.period(Duration.ofHours(1)), "never less often than 15 s");
  }

  @Test
  void armsAtOnceWhenLoggedInWithinADialogThenOnEachTick() {
    DeadMansSwitch deadMan = new DeadMansSwitch();
    assertEquals(Step.NOTHING, deadMan.dialogOpened(), "not logged in yet");
    Step login = deadMan.loggedIn(MINUTE);
    assertTrue(login.arms());
    assertEquals(Tick.START, login.tick());
    assertEquals(Heard.ARMED, deadMan.heard(login.arm(), false));

    Step tick = deadMan.tick();
    assertTrue(tick.arms());
    assertEquals(Tick.KEEP, tick.tick());
    assertFalse(tick.timedOut());
  }

  @Test
  void aLoginBeforeTheDialogArmsWhenTheDialogOpens() {
    DeadMansSwitch deadMan = new DeadMansSwitch();
    assertFalse(deadMan.loggedIn(MINUTE).arms(), "no dialog, no arm");
    Step opened = deadMan.dialogOpened();
    assertTrue(opened.arms());
    assertEquals(Tick.START, opened.tick());
  }

  @Test
  void aSwitchThatIsOffIsNeverArmed() {
    DeadMansSwitch deadMan = new DeadMansSwitch();
    deadMan.dialogOpened();
    Step login = deadMan.loggedIn(Optional.empty());
    assertFalse(login.arms());
    assertFalse(deadMan.on());
    assertFalse(deadMan.reconnected().arms());
    assertEquals(Tick.STOP, deadMan.tick().tick(), "a stray tick stops the timer");
    assertFalse(new DeadMansSwitch().loggedIn(Optional.of(Duration.ZERO)).arms(), "0 is off");
  }

  @Test
  void theEndOfTheDialogStopsTheArmsAndANewDialogResumesThem() {
    DeadMansSwitch deadMan = armedInDialog();
    Step ended = deadMan.dialogEnded();
    assertFalse(ended.arms());
    assertEquals(Tick.STOP, ended.tick());
    Step late = deadMan.tick();
    assertFalse(late.arms(), "a tick on its way when the dialog ended arms nothing");
    assertEquals(Tick.STOP, late.tick());

    Step reopened = deadMan.dialogOpened();
    assertTrue(reopened.arms(), "re-armed at once: the timeout may be running out");
    assertEquals(Tick.START, reopened.tick());
    assertEquals(Step.NOTHING, deadMan.dialogOpened(), "a dialog replacing a live one changes nothing");
  }

  @Test
  void aDroppedLinkPausesTheArmsAndTheReconnectArmsAtOnce() {
    DeadMansSwitch deadMan = armedInDialog();
    Step dropped = deadMan.disconnected();
    assertEquals(Tick.STOP, dropped.tick());
    assertFalse(dropped.arms());
    Step back = deadMan.reconnected();
    assertTrue(back.arms(), "a new login may have reset the switch");
    assertEquals(Tick.START, back.tick());
    assertTrue(deadMan.reconnected().arms(), "a reconnect heard without the drop arms at once too");
  }

  @Test
  void refusalsAndArmsUnansweredByTheNextTickCountInARowUntilOneIsConfirmed() {
    DeadMansSwitch deadMan = armedInDialog();
    Step refused = deadMan.tick();
    assertEquals(Heard.FAILED, deadMan.heard(refused.arm(), true));
    assertEquals(1, deadMan.failures());

    Step unanswered = deadMan.tick();
    Step next = deadMan.tick();
    assertTrue(next.timedOut(), "the arm before got no answer within a period");
    assertEquals(2, deadMan.failures());
    assertEquals(Heard.STALE, deadMan.heard(unanswered.arm(), false), "a late answer is not counted again");

    assertEquals(Heard.ARMED_AGAIN, deadMan.heard(next.arm(), false));
    assertEquals(0, deadMan.failures());
  }

  @Test
  void anAnswerToAnArmSentBeforeTheDialogEndedIsStale() {
    DeadMansSwitch deadMan = armedInDialog();
    Step tick = deadMan.tick();
    deadMan.dialogEnded();
    assertEquals(Heard.STALE, deadMan.heard(tick.arm(), true));
    assertEquals(0, deadMan.failures());
  }
}
