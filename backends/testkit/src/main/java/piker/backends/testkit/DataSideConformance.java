package piker.backends.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.backends.testkit.Kit.assertExact;
import static piker.backends.testkit.Kit.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import piker.contracts.RemoteError;
import piker.contracts.market.Bar;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.SymbolMatch;
import piker.contracts.market.Tick;
import piker.contracts.market.TickKind;
import piker.contracts.spi.DataClient;
import piker.contracts.spi.DataClient.QuoteSubscription;

/**
 * The data side every backend passes ({@link DataClient} as datad uses it), against a venue its test runs
 * and drives through {@link #driver()}. A backend's test class implements this (and
 * {@link TradeSideConformance}) and returns its driver; each check opens a client of its own.
 */
public interface DataSideConformance {

  VenueDriver driver();

  private DataClient open() {
    VenueDriver driver = driver();
    return await(driver.backend().openDataClient(driver.context()), "opening the data client");
  }

  /** Market info: the venue's own tick, lot and min notional as exact decimals, under the key it was asked by. */
  @Test
  default void marketInfoHasTheVenuesExactTicks() {
    try (DataClient client = open()) {
      for (VenueDriver.Market market : List.of(driver().first(), driver().second())) {
        MktPair pair = await(client.mktInfo(market.bsFqme()), "mktInfo " + market.bsFqme());
        assertEquals(market.bsFqme(), pair.fqme().bsFqme(), "the market asked for");
        assertEquals(driver().backend().name(), pair.fqme().broker(), "the fqme names the backend");
        assertExact(market.priceTick(), pair.priceTick(), market.bsFqme() + " price tick");
        assertExact(market.sizeTick(), pair.sizeTick(), market.bsFqme() + " size tick (lot)");
        assertExact(market.minNotional(), pair.minNotional(), market.bsFqme() + " min notional");
      }
    }
  }

  /** Search: the whole symbol finds its market first; part of it finds it too, best match first. */
  @Test
  default void searchFindsAMarketByPartOfItsSymbolBestFirst() {
    String key = driver().first().bsFqme();
    String symbol = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
    try (DataClient client = open()) {
      List<SymbolMatch> exact = await(client.search(key, 5), "search '" + key + "'");
      assertFalse(exact.isEmpty(), "search '" + key + "' found nothing");
      assertEquals(key, exact.get(0).fqme().bsFqme(), "the market itself ranks first for its own key");
      String part = symbol.substring(0, Math.max(2, symbol.length() - 1));
      List<SymbolMatch> partial = await(client.search(part, 50), "search '" + part + "'");
      assertTrue(partial.stream().anyMatch(match -> match.fqme().bsFqme().equals(key)),
          "search '" + part + "' finds " + key + ": " + partial);
      for (int i = 1; i < partial.size(); i++) {
        assertTrue(partial.get(i - 1).score() >= partial.get(i).score(), "best match first: " + partial);
      }
      partial.forEach(match -> assertEquals(driver().backend().name(), match.broker(), "each match's broker"));
    }
  }

  /**
   * Quotes: two markets on one subscription; a startup quote with the book as the venue has it, then live
   * quotes whose ticks carry the venue's exact prices and sizes.
   */
  @Test
  default void startupQuoteThenLiveQuotesForTwoMarketsWithExactDecimals() {
    VenueDriver.Market one = driver().first();
    VenueDriver.Market two = driver().second();
    BigDecimal bid = one.price(-3);
    BigDecimal ask = one.price(3);
    BigDecimal last = one.price(1);
    driver().inject(one.bsFqme(), "bid", bid, one.lots(7));
    driver().inject(one.bsFqme(), "ask", ask, one.lots(5));
    driver().inject(one.bsFqme(), "trade", last, one.lots(2));
    try (DataClient client = open()) {
      Kit.Quotes quotes = new Kit.Quotes();
      try (QuoteSubscription ignored = client.subscribe(Set.of(one.bsFqme(), two.bsFqme()), quotes)) {
        Quote startup = quotes.next(one.bsFqme(), quote -> true, "startup quote of " + one.bsFqme());
        assertExact(bid, startup.bid(), "startup bid");
        assertExact(ask, startup.ask(), "startup ask");
        assertExact(last, startup.last(), "startup last");
        MktPair pair = await(client.mktInfo(one.bsFqme()), "market info of " + one.bsFqme());
        assertEquals(pair.priceScale(), startup.priceScale(), "prices count units of the market's price tick decimals");
        assertEquals(pair.sizeScale(), startup.sizeScale(), "sizes count units of the market's lot decimals");
        quotes.next(two.bsFqme(), quote -> true, "startup quote of " + two.bsFqme());

        Tick trade = new Tick("trade", one.price(2), one.lots(3));
        Tick twoBid = new Tick("bid", two.price(-2), two.lots(9));
        driver().inject(one.bsFqme(), trade.type(), trade.price(), trade.size());
        driver().inject(two.bsFqme(), twoBid.type(), twoBid.price(), twoBid.size());
        Quote live = quotes.next(one.bsFqme(), quote -> Kit.hasTick(quote, trade), "the injected trade");
        assertExact(trade.price(), live.last(), "last after the trade");
        Quote liveTwo = quotes.next(two.bsFqme(), quote -> Kit.hasTick(quote, twoBid), "the injected bid");
        assertExact(twoBid.price(), liveTwo.bid(), "bid of the second market");
        assertEquals(1, quotes.count(one.bsFqme(), trade), "the trade is delivered once");
        int at = 0;
        while (live.tickKind(at) != TickKind.TRADE || live.tickPrice(at) != pair.priceScale().units(trade.price())) {
          at++; // the trade is there (hasTick found it): its packed place
        }
        assertEquals(pair.sizeScale().units(trade.size()), live.tickSize(at), "the trade's size in the market's units");
      }
    }
  }

  /**
   * History: pages asked newest first with {@code bars(endTime, count)}, each ending where the next
   * began, join without a gap or a duplicate across the frame boundary.
   */
  @Test
  default void historyPagesNewestFirstJoinWithoutGapsOrDuplicates() {
    String key = driver().first().bsFqme();
    int period = 60;
    try (DataClient client = open()) {
      int frame = client.historyFrame();
      long end = (Instant.now().getEpochSecond() / period - 2) * period; // two whole closed minutes back
      List<Bar> newer = await(client.bars(key, period, end, frame), "the newest page of bars");
      assertEquals(frame, newer.size(), "a full frame");
      assertEquals(end - period, newer.get(newer.size() - 1).time(), "the newest bar ends at endTime");
      List<Bar> older = await(client.bars(key, period, newer.get(0).time(), frame), "the page before it");
      assertEquals(frame, older.size(), "a full frame before it");
      List<Bar> joined = new ArrayList<>(older);
      joined.addAll(newer);
      Set<Long> times = new HashSet<>();
      for (int i = 0; i < joined.size(); i++) {
        assertTrue(times.add(joined.get(i).time()), "bar " + joined.get(i).time() + " twice");
        if (i > 0) {
          assertEquals(joined.get(i - 1).time() + period, joined.get(i).time(), "oldest first, no gap, at " + i);
        }
      }
    }
  }

  /**
   * Reconnect: after the venue drops every connection the subscription is restored by itself, and no
   * tick is delivered twice (not the ones from before the drop, not the ones after).
   */
  @Test
  default void reconnectRestoresSubscriptionsWithoutDuplicatedTicks() {
    VenueDriver.Market one = driver().first();
    try (DataClient client = open()) {
      Kit.Quotes quotes = new Kit.Quotes();
      try (QuoteSubscription ignored = client.subscribe(Set.of(one.bsFqme()), quotes)) {
        quotes.next(one.bsFqme(), quote -> true, "startup quote");
        Tick before = new Tick("trade", one.price(11), one.lots(1));
        driver().inject(one.bsFqme(), "trade", before.price(), before.size());
        quotes.next(one.bsFqme(), quote -> Kit.hasTick(quote, before), "the trade before the drop");

        driver().dropConnections();
        // what is injected before the stream is back is lost, as on any venue: inject until one arrives
        List<Tick> after = new ArrayList<>();
        boolean restored = false;
        long deadline = System.nanoTime() + Kit.PATIENCE.toNanos();
        while (!restored && System.nanoTime() < deadline) {
          Tick tick = new Tick("trade", one.price(12 + after.size()), one.lots(1));
          after.add(tick);
          driver().inject(one.bsFqme(), "trade", tick.price(), tick.size());
          restored = quotes.poll(one.bsFqme(), quote -> Kit.hasTick(quote, tick), Duration.ofMillis(300)) != null;
        }
        assertTrue(restored, "the subscription is restored within " + Kit.PATIENCE.toSeconds() + " s");
        Tick marker = new Tick("trade", one.price(-11), one.lots(2));
        driver().inject(one.bsFqme(), "trade", marker.price(), marker.size());
        quotes.next(one.bsFqme(), quote -> Kit.hasTick(quote, marker), "a trade after the reconnect");
        assertEquals(1, quotes.count(one.bsFqme(), before), "the trade before the drop, once");
        for (Tick tick : after) {
          assertTrue(quotes.count(one.bsFqme(), tick) <= 1, "a trade after the drop is never repeated: " + tick);
        }
      }
    }
  }

  /**
   * Rate limits: a request the venue refuses with Retry-After fails with an error naming the wait, and no
   * request reaches the venue before the wait is over; then requests work again.
   */
  @Test
  default void rateLimitsAreHonouredUntilRetryAfter() throws Exception {
    String key = driver().first().bsFqme();
    Duration retryAfter = Duration.ofSeconds(1);
    long end = (Instant.now().getEpochSecond() / 60 - 2) * 60;
    try (DataClient client = open()) {
      driver().rateLimitNext(retryAfter);
      RemoteError limited = Kit.refusal(client.bars(key, 60, end, 10), "a rate-limited history request");
      assertTrue(Pattern.compile("(^|[^0-9.])1 s\\b").matcher(limited.message()).find(),
          "the error names the wait (1 s): " + limited.message());
      // asked again at once: the client may refuse it or hold it back, but it must not reach the venue early
      CompletableFuture<List<Bar>> early = client.bars(key, 60, end, 10).toCompletableFuture();
      // the time passing is what is checked here: once Retry-After is over, history works again
      CompletableFuture.runAsync(() -> { },
          CompletableFuture.delayedExecutor(retryAfter.toMillis() + 50, TimeUnit.MILLISECONDS)).join();
      assertEquals(10, await(client.bars(key, 60, end, 10), "history after the wait").size(), "bars after the wait");
      early.handle((bars, error) -> null).get(Kit.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      List<Instant> arrivals = driver().requestArrivals();
      assertTrue(arrivals.size() >= 2, "the venue saw the refused request and a later one: " + arrivals);
      Instant allowed = arrivals.get(0).plus(retryAfter);
      for (Instant arrival : arrivals.subList(1, arrivals.size())) {
        assertFalse(arrival.isBefore(allowed), "a request reached the venue " + Duration.between(arrival, allowed)
            .toMillis() + " ms before Retry-After had passed");
      }
    }
  }

  /** Venue errors: an unknown market is refused with a boxed RemoteError carrying the venue's own code. */
  @Test
  default void venueErrorsAreBoxedWithTheVenuesCode() {
    try (DataClient client = open()) {
      RemoteError error = Kit.refusal(client.mktInfo(driver().unknownMarket()), "mktInfo of an unknown market");
      assertEquals(driver().codes().unknownMarket(), error.type(), "the venue's code: " + error.describe());
      assertFalse(error.message().isBlank(), "the venue's message");
    }
  }
}
