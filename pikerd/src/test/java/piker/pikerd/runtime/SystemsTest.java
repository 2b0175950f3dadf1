package piker.pikerd.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
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

  @Test
  void aSystemsThreadThatOutlivesTheGraceIsSeenAndOneThatEndsWithinItIsNot() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread lingering = new Thread(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "systems-test-lingering-1");
    lingering.start();
    try {
      assertTrue(Systems.outlived("systems-test-lingering", Duration.ofMillis(50)));
    } finally {
      release.countDown();
    }
    assertFalse(Systems.outlived("systems-test-lingering", Duration.ofSeconds(10)), "it ends within the grace");
  }
}
