package piker.backends.kraken.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoncesTest {
  @TempDir
  Path dir;

  @Test
  void nonceIsTheClockInMicrosecondsAndStrictlyIncreasingWhenTheClockStandsOrStepsBack() {
    AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);
    Nonces nonces = new Nonces(clock::get, null);
    assertEquals(1_700_000_000_000_000L, nonces.next());
    assertEquals(1_700_000_000_000_001L, nonces.next(), "the clock stood still");
    clock.addAndGet(-5_000_000);
    assertEquals(1_700_000_000_000_002L, nonces.next(), "the clock stepped back");
    clock.addAndGet(10_000_000);
    assertEquals(1_700_000_005_000_000L, nonces.next(), "the clock leads again");
  }

  @Test
  void aRestartedSourceNeverGoesBelowWhatTheOldOneIssuedEvenWithTheClockSteppedBack() {
    Path mark = dir.resolve("kraken-nonce-test");
    AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);
    Nonces before = new Nonces(clock::get, mark);
    long last = 0;
    for (int i = 0; i < 1000; i++) {
      last = before.next(); // a burst runs last + 1 ahead of a clock that stands
    }
    assertTrue(Files.exists(mark), "the high-water mark is written before it is passed");
    clock.addAndGet(-2_000_000); // the restart comes back with the clock two seconds behind
    Nonces after = new Nonces(clock::get, mark);
    long first = after.next();
    assertTrue(first > last, first + " must be above " + last);
  }

  @Test
  void theMarkIsWrittenOncePerReservationNotPerNonce() throws Exception {
    Path mark = dir.resolve("kraken-nonce-test");
    AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);
    Nonces nonces = new Nonces(clock::get, mark);
    nonces.next();
    String reserved = Files.readString(mark);
    assertEquals(Long.toString(1_700_000_000_000_000L + Nonces.RESERVE_MICROS), reserved);
    clock.addAndGet(1_000_000);
    nonces.next();
    assertEquals(reserved, Files.readString(mark), "still inside the reservation");
  }

  @Test
  void anInvalidNonceMovesTheSourceASecondPastTheClock() {
    AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);
    Nonces nonces = new Nonces(clock::get, null);
    nonces.next();
    nonces.bump();
    assertEquals(1_700_000_000_000_000L + Nonces.BUMP_MICROS + 1, nonces.next());
  }

  @Test
  void clientsOfOneKeyInOneJvmShareOneSourceNamedByAHashOfTheKey() {
    Nonces first = Nonces.forKey("shared-key-" + System.nanoTime(), dir);
    String key = "another-key-" + System.nanoTime();
    Nonces second = Nonces.forKey(key, dir);
    assertSame(second, Nonces.forKey(key, dir));
    assertFalse(first == second);
    long a = second.next();
    long b = Nonces.forKey(key, dir).next();
    assertTrue(b > a);
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(file -> file.getFileName().toString().contains(key)), "the file never names the key");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void concurrentCallersNeverShareANonce() throws Exception {
    Nonces nonces = new Nonces(() -> 1L, null);
    java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          seen.add(nonces.next());
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertEquals(4000, seen.size());
  }
}
