package piker.brokerd.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trader's outbox: what was decided after a fill waits for the fill's ledger write, and order holds. */
class OutboxTest {
  private final List<String> sent = new ArrayList<>();
  private final Outbox<String> outbox = new Outbox<>(sent::add);

  @Test
  void messagesGoAtOnceUntilAFillIsHeldThenWaitBehindItInOrder() {
    outbox.send("a");
    long first = outbox.hold();
    outbox.send("b");
    long second = outbox.hold();
    outbox.send("c");
    assertEquals(List.of("a"), sent);

    outbox.release(second, List.of("fill-2"));
    assertEquals(List.of("a"), sent, "the first fill's write is not done yet");
    outbox.release(first, List.of("fill-1", "position-1"));
    assertEquals(List.of("a", "fill-1", "position-1", "b", "fill-2", "c"), sent);
    outbox.send("d");
    assertEquals("d", sent.get(sent.size() - 1), "nothing held: at once");
  }

  @Test
  void aFailedWriteReleasesItsPlaceWithNothingAndTheRestFlows() {
    long failed = outbox.hold();
    outbox.send("status");
    outbox.release(failed, List.of());
    assertEquals(List.of("status"), sent);
  }
}
