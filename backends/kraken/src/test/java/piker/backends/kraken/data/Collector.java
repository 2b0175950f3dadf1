package piker.backends.kraken.data;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import piker.contracts.RemoteError;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;
import piker.contracts.spi.DataClient;

/** A quote listener that keeps everything it is told, for tests to wait on and count. */
final class Collector implements DataClient.QuoteListener {
  static final Duration WAIT = Duration.ofSeconds(10);
  private final List<Quote> all = new ArrayList<>();
  final LinkedBlockingQueue<RemoteError> errors = new LinkedBlockingQueue<>();

  @Override
  public void onQuotes(List<Quote> quotes) {
    synchronized (all) {
      all.addAll(quotes);
      all.notifyAll();
    }
  }

  @Override
  public void onError(RemoteError error) {
    errors.add(error);
  }

  /** A gap told: its market and instants, and how many quotes had come before it. */
  record Gap(String bsFqme, long lastBeforeNs, long firstAfterNs, int quotesBefore) {}

  final LinkedBlockingQueue<Gap> gaps = new LinkedBlockingQueue<>();

  @Override
  public void onGap(String bsFqme, long lastBeforeNs, long firstAfterNs) {
    synchronized (all) {
      gaps.add(new Gap(bsFqme, lastBeforeNs, firstAfterNs, all.size()));
    }
  }

  /** The quote at {@code index} of all told so far. */
  Quote quote(int index) {
    synchronized (all) {
      return all.get(index);
    }
  }

  /** The first quote so far (or to come) that is wanted; fails the test after {@link #WAIT}. */
  Quote await(Predicate<Quote> wanted, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (all) {
      while (true) {
        for (Quote quote : all) {
          if (wanted.test(quote)) {
            return quote;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no " + what + " within " + WAIT + "; errors: " + errors);
        }
        TimeUnit.NANOSECONDS.timedWait(all, left);
      }
    }
  }

  RemoteError nextError() throws InterruptedException {
    RemoteError error = errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (error == null) {
      throw new AssertionError("no error within " + WAIT);
    }
    return error;
  }

  /** How many delivered ticks are this trade price (each test trades at prices of its own). */
  long trades(String price) {
    synchronized (all) {
      return all.stream().flatMap(quote -> quote.ticks().stream())
          .filter(tick -> tick.type().equals("trade") && tick.price().compareTo(new java.math.BigDecimal(price)) == 0)
          .count();
    }
  }

  /** How many delivered quotes carry no tick (startup quotes, and quotes as things stand). */
  long withoutTicks() {
    synchronized (all) {
      return all.stream().filter(quote -> quote.ticks().isEmpty()).count();
    }
  }

  /** Every delivered trade tick's price, in delivery order. */
  List<java.math.BigDecimal> tradePrices() {
    synchronized (all) {
      return all.stream().flatMap(quote -> quote.ticks().stream()).filter(tick -> tick.type().equals("trade"))
          .map(Tick::price).toList();
    }
  }

  static Predicate<Quote> trade(String price) {
    return quote -> quote.ticks().stream().anyMatch(tick -> hasPrice(tick, "trade", price));
  }

  static boolean hasPrice(Tick tick, String type, String price) {
    return tick.type().equals(type) && tick.price().compareTo(new java.math.BigDecimal(price)) == 0;
  }
}
