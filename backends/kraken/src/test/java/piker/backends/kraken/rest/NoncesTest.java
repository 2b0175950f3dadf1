package piker.backends.kraken.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    assertEquals("v1 " + (1_700_000_000_000_000L + Nonces.RESERVE_MICROS) + "\n", reserved);
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
  void theMarkFileIsTaggedWithItsFormatAndReadBack() throws Exception {
    Path mark = dir.resolve("kraken-nonce-format");
    Files.writeString(mark, "v1 1700000000000123\n");
    assertEquals(1_700_000_000_000_123L, Nonces.readMark(mark));
    Nonces.writeMark(mark, 1_700_000_000_000_456L);
    assertEquals("v1 1700000000000456\n", Files.readString(mark), "the golden format");
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temp file left behind");
    }
  }

  @Test
  void aMarkInAnotherFormatStartsTheSourceAboveTheFilesLastWrite() throws Exception {
    Path mark = dir.resolve("kraken-nonce-old");
    Files.writeString(mark, "v9 123\n");
    long written = 1_700_000_000_000_000L;
    Files.setLastModifiedTime(mark, java.nio.file.attribute.FileTime.from(written, java.util.concurrent.TimeUnit.MICROSECONDS));
    assertEquals(written + Nonces.RESERVE_MICROS + Nonces.BUMP_MICROS, Nonces.readMark(mark));
    Files.writeString(mark, "garbage");
    Files.setLastModifiedTime(mark, java.nio.file.attribute.FileTime.from(written, java.util.concurrent.TimeUnit.MICROSECONDS));
    Nonces after = new Nonces(() -> written - 5_000_000, mark); // the clock stepped back 5 s since
    assertTrue(after.next() > written + Nonces.RESERVE_MICROS, "above anything the last reservation covered");
  }

  @Test
  void theMarkIsReadOnTheFirstNonceNotWhenTheSourceIsMade() throws Exception {
    Path mark = dir.resolve("kraken-nonce-lazy");
    Nonces nonces = new Nonces(() -> 1_000L, mark);
    Files.writeString(mark, "v1 5000\n"); // written after construction: only a lazy read sees it
    assertEquals(5_001L, nonces.next());
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
