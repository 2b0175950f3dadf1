package piker.brokerd.account;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

/**
 * A quiet venue with a dead man's switch of {@code timeout} (empty: off): it records each arm and its close,
 * and answers arms as the test scripts (confirmed unless refusals are queued).
 */
public final class SwitchVenue extends QuietVenue {
  private final Optional<Duration> timeout;
  private final BlockingQueue<Long> arms = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> answers = new ConcurrentLinkedQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  volatile TradeListener listener;

  public SwitchVenue(Optional<Duration> timeout) {
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<OrderState> submit(NewOrder order) {
    return CompletableFuture.failedFuture(new IllegalStateException("not scripted"));
  }

  @Override
  public Optional<Duration> deadMansSwitch() {
    return timeout;
  }

  @Override
  public CompletionStage<Void> armDeadMansSwitch() {
    arms.add(System.nanoTime());
    CompletableFuture<Void> scripted = answers.poll();
    return scripted != null ? scripted : CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    closed.countDown();
  }

  /** The venue refuses the next {@code times} arms as Kraken refuses a request it could not serve. */
  public void refuseNext(int times) {
    for (int n = 0; n < times; n++) {
      answers.add(CompletableFuture.failedFuture(new RemoteException(RemoteError.of("EGeneral:Internal error",
          "EGeneral:Internal error", "kraken"))));
    }
  }

  /** True when an arm came within {@code millis}; each arm is counted once. */
  public boolean armedWithin(long millis) throws InterruptedException {
    return arms.poll(millis, TimeUnit.MILLISECONDS) != null;
  }

  /** Arms not yet counted by {@link #armedWithin}. */
  public int armsLeft() {
    return arms.size();
  }

  public boolean closedWithin(long millis) throws InterruptedException {
    return closed.await(millis, TimeUnit.MILLISECONDS);
  }
}
