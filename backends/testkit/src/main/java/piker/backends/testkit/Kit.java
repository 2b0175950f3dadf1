package piker.backends.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;
import piker.contracts.spi.DataClient;
import piker.contracts.spi.TradeClient;

/** The kit's waiting and asserting: awaits with timeouts, never sleeps. */
final class Kit {
  /** How long anything the venue was asked for may take, reconnects included. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private Kit() {}

  /** The stage's value, or the test fails (with the backend's error) within {@link #PATIENCE}. */
  static <T> T await(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not complete within " + PATIENCE.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted awaiting " + what, e);
    }
  }

  /** The venue's refusal the stage fails with: a RemoteException, as the SPI requires of every refusal. */
  static RemoteError refusal(CompletionStage<?> stage, String what) {
    try {
      Object value = stage.toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError(what + " should have been refused, got " + value);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return assertInstanceOf(RemoteException.class, cause, what + " must fail with a boxed RemoteError").error();
    } catch (TimeoutException e) {
      throw new AssertionError(what + " was neither answered nor refused within " + PATIENCE.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted awaiting " + what, e);
    }
  }

  /** Equal as numbers: the venue may spell 0.01 as "0.01000000". */
  static void assertExact(BigDecimal expected, BigDecimal actual, String what) {
    assertNotNull(actual, what + " is missing");
    if (expected.compareTo(actual) != 0) {
      fail(what + ": expected " + expected.toPlainString() + ", got " + actual.toPlainString());
    }
  }

  static boolean same(BigDecimal a, BigDecimal b) {
    return a != null && b != null && a.compareTo(b) == 0;
  }

  /** Takes the first element matching within {@code within}; earlier ones are passed over. */
  static <T> T next(LinkedBlockingQueue<T> queue, Predicate<T> wanted, Duration within, String what) {
    T found = poll(queue, wanted, within);
    if (found == null) {
      fail("no " + what + " within " + within.toMillis() + " ms");
    }
    return found;
  }

  /** Like {@link #next}, but null when none came in time. */
  static <T> T poll(LinkedBlockingQueue<T> queue, Predicate<T> wanted, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    try {
      for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
        T item = queue.poll(left, TimeUnit.NANOSECONDS);
        if (item != null && wanted.test(item)) {
          return item;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return null;
  }

  /**
   * Everything a subscription delivered, kept whole: waits look through all of it (a startup quote of one
   * market may come in the same batch as, and before, another's), and ticks can be counted afterwards.
   */
  static final class Quotes implements DataClient.QuoteListener {
    private final List<Quote> all = new ArrayList<>();

    @Override
    public void onQuotes(List<Quote> quotes) {
      synchronized (all) {
        all.addAll(quotes);
        all.notifyAll();
      }
    }

    /** Errors (a drop, a refused subscription) are the backend's to report; the checks look at quotes. */
    @Override
    public void onError(RemoteError error) {}

    /** The first quote of a market so far (or to come) that is wanted; the check fails after {@link #PATIENCE}. */
    Quote next(String bsFqme, Predicate<Quote> wanted, String what) {
      Quote found = poll(bsFqme, wanted, PATIENCE);
      if (found == null) {
        fail("no " + what + " within " + PATIENCE.toMillis() + " ms");
      }
      return found;
    }

    /** Like {@link #next}, but null when none came in time. */
    Quote poll(String bsFqme, Predicate<Quote> wanted, Duration within) {
      long deadline = System.nanoTime() + within.toNanos();
      synchronized (all) {
        try {
          while (true) {
            for (Quote quote : all) {
              if (quote.fqme().bsFqme().equals(bsFqme) && wanted.test(quote)) {
                return quote;
              }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              return null;
            }
            TimeUnit.NANOSECONDS.timedWait(all, left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }

    /** How many of the market's delivered ticks are this one. */
    long count(String bsFqme, Tick tick) {
      synchronized (all) {
        return all.stream().filter(quote -> quote.fqme().bsFqme().equals(bsFqme))
            .flatMap(quote -> quote.ticks().stream()).filter(each -> sameTick(each, tick)).count();
      }
    }
  }

  static boolean sameTick(Tick a, Tick b) {
    return a.type().equals(b.type()) && same(a.price(), b.price()) && same(a.size(), b.size());
  }

  static boolean hasTick(Quote quote, Tick tick) {
    return quote.ticks().stream().anyMatch(each -> sameTick(each, tick));
  }

  /** A trade listener keeping every event for the checks to wait on. */
  static final class Events implements TradeClient.TradeListener {
    final LinkedBlockingQueue<TradeClient.OrderState> orders = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<TradeClient.NormTrade> fills = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<RemoteError> disconnects = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<Boolean> reconnects = new LinkedBlockingQueue<>();

    @Override
    public void onOrder(TradeClient.OrderState order) {
      orders.add(order);
    }

    @Override
    public void onFill(TradeClient.NormTrade trade) {
      fills.add(trade);
    }

    @Override
    public void onDisconnected(RemoteError error) {
      disconnects.add(error);
    }

    @Override
    public void onReconnected() {
      reconnects.add(true);
    }

    TradeClient.OrderState order(String orderId, String status) {
      return Kit.next(orders, order -> order.orderId().equals(orderId) && order.status().equals(status), PATIENCE,
          "'" + status + "' event of order " + orderId);
    }

    TradeClient.NormTrade fill(String orderId, BigDecimal size) {
      return Kit.next(fills, fill -> fill.orderId().equals(orderId) && same(fill.size(), size), PATIENCE,
          "fill of " + size.toPlainString() + " of order " + orderId);
    }
  }

  static void assertSameOrder(String expectedId, TradeClient.OrderState actual) {
    assertEquals(expectedId, actual.orderId(), "the venue's order id");
  }
}
