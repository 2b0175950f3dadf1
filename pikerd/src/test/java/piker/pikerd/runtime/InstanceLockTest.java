package piker.pikerd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance lock against a holder in another JVM: a brief holder is waited for, a pikerd is not. */
class InstanceLockTest {
  @TempDir
  Path dir;
  private Process holder;

  /** Starts a JVM holding the lock, returning once it does. */
  private void holdIn(String kind) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
        dir.toString(), kind).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("held", out.readLine());
  }

  private void release() throws Exception {
    holder.getOutputStream().close();
    assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
  }

  /** Until acquire blocks on the lock (its waiting thread is up): the release must come after it. */
  private void awaitWaiter() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("instance-lock-wait " + dir))) {
      assertTrue(System.nanoTime() < deadline, "acquire never waited");
      Thread.onSpinWait();
    }
  }

  @AfterEach
  void stopHolder() {
    if (holder != null) {
      holder.destroyForcibly();
    }
  }

  @Test
  void aBriefHolderIsWaitedForAndTheLockIsTakenWhenItLetsGo() throws Exception {
    holdIn("brief");
    assertTrue(InstanceLock.heldBriefly(dir));
    assertTrue(InstanceLock.tryAcquire(dir).isEmpty());
    CompletableFuture<Optional<InstanceLock>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return InstanceLock.acquire(dir, Duration.ofSeconds(60));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    awaitWaiter();
    assertFalse(waiting.isDone());
    release();
    Optional<InstanceLock> lock = waiting.get(30, TimeUnit.SECONDS);
    assertTrue(lock.isPresent());
    lock.get().close();
  }

  @Test
  void aBriefHolderOutlastingThePatienceLeavesTheLockUntaken() throws Exception {
    holdIn("brief");
    assertTrue(InstanceLock.acquire(dir, Duration.ofMillis(200)).isEmpty());
    release();
    // the given-up wait let go of everything: the lock is free for the next one
    try (InstanceLock lock = InstanceLock.tryAcquire(dir).orElseThrow()) {
      lock.describe("test");
    }
  }

  @Test
  void aPikerdHolderIsNotWaitedFor() throws Exception {
    holdIn("pikerd");
    assertFalse(InstanceLock.heldBriefly(dir));
    // with an hour's patience, only not waiting at all returns before the test's own timeout
    CompletableFuture<Optional<InstanceLock>> tried = CompletableFuture.supplyAsync(() -> {
      try {
        return InstanceLock.acquire(dir, Duration.ofHours(1));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(tried.get(30, TimeUnit.SECONDS).isEmpty());
  }
}
