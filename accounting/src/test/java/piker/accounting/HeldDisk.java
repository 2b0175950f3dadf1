package piker.accounting;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A slow ledger disk for tests ({@link LedgerWriter.Append}): every append waits, on the writer's
 * thread, until the test {@link #release}s the disk; the test sees each write start ({@link #nextWrite})
 * and may have something done once a write is in ({@code afterEach}).
 */
public final class HeldDisk implements LedgerWriter.Append {
  private final CountDownLatch released = new CountDownLatch(1);
  private final BlockingQueue<List<String>> started = new LinkedBlockingQueue<>();
  private final Runnable afterEach;

  public HeldDisk() {
    this(() -> { });
  }

  public HeldDisk(Runnable afterEach) {
    this.afterEach = afterEach;
  }

  @Override
  public List<Clear> append(LedgerFile ledger, List<Clear> clears) throws IOException {
    started.add(clears.stream().map(Clear::tid).toList());
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("the held disk was interrupted");
    }
    List<Clear> appended = ledger.append(clears);
    afterEach.run();
    return appended;
  }

  /** The trade ids of the next write to start, in the order the writer was given them. */
  public List<String> nextWrite(Duration within) throws InterruptedException {
    List<String> tids = started.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (tids == null) {
      throw new AssertionError("no ledger write started within " + within);
    }
    return tids;
  }

  /** Lets every write, held or to come, go to the disk. */
  public void release() {
    released.countDown();
  }
}
