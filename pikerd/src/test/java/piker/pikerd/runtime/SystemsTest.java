package piker.pikerd.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

class SystemsTest {
  @Test
  void terminatingOnAnInterruptedThreadKeepsTheInterrupt() {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "systems-test");
    Thread.currentThread().interrupt();
    try {
      Systems.terminate(system, Duration.ofSeconds(5));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is still set");
    } finally {
      Thread.interrupted();
      system.terminate();
    }
  }
}
