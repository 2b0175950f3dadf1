package piker.datad;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;

/**
 * One quote session's meters (shared by name with every other session of the backend): quotes sent, per
 * market; venue quotes dropped because the subscriber fell behind; and how long quotes waited in datad, from
 * the feed's receipt of a venue quote to its send, measured on the oldest quote of each batch (a subscriber
 * that never catches up is measured from its oldest quote held, so the figure errs long, never short).
 */
final class QuoteMeters {
  private final MeterRegistry registry;
  private final String backend;
  private final Map<Fqme, Counter> sent = new HashMap<>();
  private final Counter dropped;
  private final Timer delay;

  QuoteMeters(MeterRegistry registry, String backend) {
    this.registry = registry;
    this.backend = backend;
    this.dropped = Counter.builder("piker.quotes.dropped")
        .description("Venue quotes dropped for subscribers that fell behind (overruns)")
        .tag("backend", backend).register(registry);
    this.delay = Timer.builder("piker.quote.delay")
        .description("From datad's receipt of a venue quote to its send to a subscriber (oldest quote of a batch)")
        .tag("backend", backend).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** Quotes datad received from the venue for one market (one counter per feed). */
  static Counter received(MeterRegistry registry, Fqme fqme) {
    return Counter.builder("piker.quotes.in").description("Quotes datad received from the venue")
        .tag("backend", fqme.broker()).tag("market", fqme.toString()).register(registry);
  }

  /** A batch went to the subscriber; {@code oldestNanos} is when its oldest quote reached datad (0: unknown). */
  void sent(List<Quote> quotes, long oldestNanos, long nowNanos) {
    // counted by runs of one market: a batch is mostly one market's quotes, one increment each run
    Fqme market = null;
    int run = 0;
    for (Quote quote : quotes) {
      if (!quote.fqme().equals(market)) {
        count(market, run);
        market = quote.fqme();
        run = 0;
      }
      run++;
    }
    count(market, run);
    if (oldestNanos != 0) {
      delay.record(nowNanos - oldestNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void count(Fqme market, int quotes) {
    if (market != null) {
      sent.computeIfAbsent(market, fqme -> Counter.builder("piker.quotes.out")
          .description("Quotes datad sent to subscribers (each subscriber counts)")
          .tag("backend", backend).tag("market", fqme.toString()).register(registry)).increment(quotes);
    }
  }

  void dropped(int quotes) {
    dropped.increment(quotes);
  }
}
