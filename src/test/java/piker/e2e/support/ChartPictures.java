package piker.e2e.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import piker.pikerd.client.ChartClient;

/** The pictures a chart client publishes, in order, for a test to wait on. */
public final class ChartPictures implements Consumer<ChartClient.Picture> {
  private final LinkedBlockingQueue<ChartClient.Picture> pictures = new LinkedBlockingQueue<>();

  @Override
  public void accept(ChartClient.Picture picture) {
    pictures.add(picture);
  }

  /** The next picture that is {@code wanted}, skipping the others; fails when none comes within the time. */
  public ChartClient.Picture await(Predicate<ChartClient.Picture> wanted, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      ChartClient.Picture picture = pictures.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertNotNull(picture, "no such picture within " + within);
      if (wanted.test(picture)) {
        return picture;
      }
    }
  }
}
