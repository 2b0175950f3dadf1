package piker.backends.binance.data;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import piker.contracts.RemoteError;
import piker.contracts.market.Quote;
import piker.contracts.spi.DataClient;

/** A quote listener that queues what it is told, for tests to wait on. */
class Collector implements DataClient.QuoteListener {
  static final Duration WAIT = Duration.ofSeconds(10);
  final LinkedBlockingQueue<List<Quote>> quotes = new LinkedBlockingQueue<>();
  final LinkedBlockingQueue<RemoteError> errors = new LinkedBlockingQueue<>();
  /** The gaps told: market, last quote time before, first after. */
  final LinkedBlockingQueue<Gap> gaps = new LinkedBlockingQueue<>();
  /** Gaps whose first trade after came after them, as the SPI says it must. */
  final java.util.concurrent.atomic.AtomicInteger gapsToldFirst = new java.util.concurrent.atomic.AtomicInteger();
  private volatile Gap pending;

  record Gap(String bsFqme, long lastBeforeNs, long firstAfterNs) {}

  @Override
  public void onQuotes(List<Quote> batch) {
    Gap gap = pending;
    if (gap != null && batch.stream().anyMatch(quote -> quote.timeNs() == gap.firstAfterNs())) {
      gapsToldFirst.incrementAndGet();
      pending = null;
    }
    quotes.add(batch);
  }

  @Override
  public void onGap(String bsFqme, long lastBeforeNs, long firstAfterNs) {
    Gap gap = new Gap(bsFqme, lastBeforeNs, firstAfterNs);
    pending = gap;
    gaps.add(gap);
  }

  @Override
  public void onError(RemoteError error) {
    errors.add(error);
  }

  /** The next quote batch; fails the test when none comes in time. */
  List<Quote> next() throws InterruptedException {
    List<Quote> batch = quotes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (batch == null) {
      throw new AssertionError("no quotes within " + WAIT + "; errors: " + errors);
    }
    return batch;
  }

  /** The next quote with a tick of {@code type}, skipping others. */
  Quote nextWith(String type) throws InterruptedException {
    while (true) {
      for (Quote quote : next()) {
        if (quote.ticks().stream().anyMatch(tick -> tick.type().equals(type))) {
          return quote;
        }
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
}
