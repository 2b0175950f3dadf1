package piker.backends.kraken.trade;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import piker.contracts.RemoteError;
import piker.contracts.spi.TradeClient;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;

/** A trade listener that queues what it hears, and waits (with a deadline) for the first that matches. */
final class Events implements TradeClient.TradeListener {
  static final Duration PATIENCE = Duration.ofSeconds(10);
  final BlockingQueue<OrderState> orders = new LinkedBlockingQueue<>();
  final BlockingQueue<NormTrade> fills = new LinkedBlockingQueue<>();
  final BlockingQueue<RemoteError> downs = new LinkedBlockingQueue<>();
  final BlockingQueue<Boolean> ups = new LinkedBlockingQueue<>();

  @Override
  public void onOrder(OrderState order) {
    orders.add(order);
  }

  @Override
  public void onFill(NormTrade trade) {
    fills.add(trade);
  }

  @Override
  public void onDisconnected(RemoteError error) {
    downs.add(error);
  }

  @Override
  public void onReconnected() {
    ups.add(true);
  }

  static <T> T next(BlockingQueue<T> queue, Predicate<T> matching, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    try {
      while (true) {
        T item = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (item == null) {
          return fail("no " + what + " within " + PATIENCE.toSeconds() + " s");
        }
        if (matching.test(item)) {
          return item;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted waiting for " + what);
    }
  }
}
