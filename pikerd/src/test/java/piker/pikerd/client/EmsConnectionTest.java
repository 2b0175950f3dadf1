package piker.pikerd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmsConnectionTest {
  @Test
  void aDialogThatDoesNotOpenInTimeSaysHowLongItWaitedAndThatNothingWasSent() {
    assertEquals("emsd did not answer within 1 ms, so nothing was sent to it",
        new EmsConnection.NoAnswer(Duration.ofMillis(1)).getMessage());
  }
}
