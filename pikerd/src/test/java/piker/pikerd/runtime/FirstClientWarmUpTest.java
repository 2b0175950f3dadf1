package piker.pikerd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class FirstClientWarmUpTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /** Every message of a client's first exchange goes through pikerd's serializers and back: none is skipped. */
  @Test
  void aClientsFirstMessagesAllRoundTripThroughTheSerializers() {
    assertEquals(6, FirstClientWarmUp.run(KIT.system()));
  }
}
