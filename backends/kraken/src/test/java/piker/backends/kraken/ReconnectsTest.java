package piker.backends.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Reconnect pacing on a hand-moved clock: backoff kept through short ups, reset after a stable one, the window cap. */
class ReconnectsTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Reconnects.Budget budget = new Reconnects.Budget(5, Reconnects.WINDOW);
  private final Reconnects link = new Reconnects(step -> 100L << step, Duration.ofSeconds(60), budget, now::get);

  /** Connects after the wait, stays up {@code upMs}, drops; answers the wait. */
  private long flap(long upMs) {
    long wait = link.nextDelayMs();
    now.addAndGet(wait);
    link.up();
    now.addAndGet(upMs);
    link.down();
    return wait;
  }

  @Test
  void aLinkAcceptedThenDroppedKeepsBackingOffUntilItStaysUpAMinute() {
    assertEquals(0, link.firstDelayMs());
    link.up();
    link.down(); // dropped at once
    assertEquals(100, flap(1_000));
    assertEquals(200, flap(59_999), "up just under a minute: no reset");
    assertEquals(400, flap(60_000), "up a minute: the next drop starts again");
    assertEquals(100, link.nextDelayMs());
  }

  @Test
  void everyLinkOfTheProcessToOneHostSharesOneBudgetAndAnotherHostHasItsOwn() {
    java.net.URI host = java.net.URI.create("ws://127.0.0.1:1/v2");
    Reconnects.Budget shared = Reconnects.Budget.forHost(host);
    org.junit.jupiter.api.Assertions.assertSame(shared, Reconnects.Budget.forHost(java.net.URI.create("ws://127.0.0.1:1/other")),
        "another client, account or login to the host: the same attempts");
    org.junit.jupiter.api.Assertions.assertNotSame(shared, Reconnects.Budget.forHost(java.net.URI.create("ws://127.0.0.1:2/v2")),
        "another port (another fake) counts apart");
    org.junit.jupiter.api.Assertions.assertSame(Reconnects.Budget.forHost(java.net.URI.create("wss://ws.kraken.com/v2")),
        Reconnects.Budget.forHost(java.net.URI.create("wss://WS.kraken.com:443/v2")), "one host however written");
    // sixty attempts of many links to the host take the window: the next link of any client waits
    for (int i = 0; i < Reconnects.MAX_PER_WINDOW; i++) {
      Reconnects oneLogin = new Reconnects(step -> 0, Duration.ofSeconds(60), Reconnects.Budget.forHost(host), now::get);
      assertEquals(0, oneLogin.firstDelayMs(), "attempt " + (i + 1));
    }
    Reconnects late = new Reconnects(step -> 0, Duration.ofSeconds(60), Reconnects.Budget.forHost(host), now::get);
    assertEquals(Reconnects.WINDOW.toMillis(), late.firstDelayMs(), "the 61st waits for the first to age out");
  }

  /** A shared budget: one link's far-off attempt (a long backoff) is no floor for another's near one. */
  @Test
  void oneLinksLongBackoffHoldsUpNoOtherLink() {
    Reconnects failing = new Reconnects(step -> 60_000, Duration.ofSeconds(60), budget, now::get);
    Reconnects blipped = new Reconnects(step -> 250, Duration.ofSeconds(60), budget, now::get);
    assertEquals(60_000, failing.nextDelayMs());
    assertEquals(250, blipped.nextDelayMs(), "not after the other link's attempt a minute away");
  }

  /** Future attempts count too: a window already holding the budget's share ahead is not overfilled. */
  @Test
  void attemptsAheadCountForTheWindowsTheyShare() {
    java.util.List<Long> granted = new java.util.ArrayList<>();
    Reconnects.Budget two = new Reconnects.Budget(2, Duration.ofSeconds(10), granted::add);
    long start = now.get();
    new Reconnects(step -> 1_000, Duration.ofSeconds(60), two, now::get).nextDelayMs(); // start + 1 s
    new Reconnects(step -> 9_000, Duration.ofSeconds(60), two, now::get).nextDelayMs(); // start + 9 s
    long at = start + new Reconnects(step -> 0, Duration.ofSeconds(60), two, now::get).nextDelayMs();
    assertEquals(start + 11_000, at, "[start, start + 10 s) holds two already; the first free time is past 1 s + 10 s");
    for (long grant : granted) {
      long inWindow = granted.stream().filter(other -> other >= grant && other < grant + 10_000).count();
      assertTrue(inWindow <= 2, "at most two in the window from " + grant + ": " + granted);
    }
  }

  @Test
  void noMoreThanTheBudgetsAttemptsInAnyWindowShareOfEveryLinkOfTheKind() {
    Reconnects other = new Reconnects(step -> 0, Duration.ofSeconds(60), budget, now::get);
    long first = now.get();
    assertEquals(0, link.firstDelayMs());
    for (int i = 0; i < 4; i++) {
      assertEquals(0, other.nextDelayMs(), "attempt " + (i + 2) + " of 5");
    }
    long wait = other.nextDelayMs();
    assertEquals(first + Reconnects.WINDOW.toMillis(), now.get() + wait, "the sixth waits for the first to age out");
    assertTrue(link.nextDelayMs() >= wait, "and the other link after it");
  }
}
