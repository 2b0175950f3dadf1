package piker.pikerd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactedMessageTest {
  @Test
  void brokerdsActorNameSuffixIsMaskedAndEverythingElseKept() {
    String path = "Actor[pekko://piker/user/services/brokerd.sim-117d001b60fa45f0b0df18a46172580a/session-1#-23]";
    assertEquals("Actor[pekko://piker/user/services/brokerd.sim-***/session-1#-23]", RedactedMessage.redact(path));
    assertEquals("starting brokerd.sim", RedactedMessage.redact("starting brokerd.sim"));
    assertEquals("datad.sim-117d001b60fa45f0b0df18a46172580a",
        RedactedMessage.redact("datad.sim-117d001b60fa45f0b0df18a46172580a"));
  }
}
