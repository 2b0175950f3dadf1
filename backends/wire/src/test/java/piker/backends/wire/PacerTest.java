package piker.backends.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PacerTest {
  @Test
  void fourMessagesASecondAtMostAndAnIdlePacerSendsAtOnce() {
    Pacer pacer = new Pacer(4);
    assertEquals(1000, pacer.reserve(1000));
    assertEquals(1250, pacer.reserve(1000));
    assertEquals(1500, pacer.reserve(1001));
    assertEquals(5000, pacer.reserve(5000));
  }
}
