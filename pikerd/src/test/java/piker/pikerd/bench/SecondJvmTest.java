package piker.pikerd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecondJvmTest {
  @Test
  void theSecondJvmTakesTheCollectorAndHeapOptionsAndNothingElse() {
    assertEquals(List.of("-XX:+UseZGC", "-XX:+ZGenerational", "-Xmx1g", "-Xms256m", "-XX:MaxGCPauseMillis=5"),
        SecondJvm.gcOptions(List.of("-XX:+UseZGC", "-XX:+ZGenerational", "-Dpiker.x=1", "-Xmx1g", "-Xms256m",
            "-XX:MaxGCPauseMillis=5", "-XX:SharedArchiveFile=a.jsa", "--sun-misc-unsafe-memory-access=allow",
            "-XX:+UseCompressedOops")));
  }
}
