package piker.emsd.dark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;

/**
 * The semantics every TriggerBook must have; one subclass per implementation runs it. Prices are written
 * as decimals and travel as longs of a 0.01 tick's scale, as a market's would.
 */
abstract class TriggerBookContract {

  static final Scale CENTS = Scale.of(2);
  private static final long LAST = p("60000");

  private final TriggerBook book = newBook();

  protected abstract TriggerBook newBook();

  @Test
  void buyBelowMarketFiresOnFirstAskAtOrBelowItAndIgnoresBids() {
    Trigger buy = trigger("b1", "59990", Watch.BUY);
    book.add(buy);

    assertEquals(List.of(), tick(TickKind.BID, "59000"), "bids never fire a buy");
    assertEquals(List.of(), tick(TickKind.ASK, "59990.01"), "ask above the price");
    assertEquals(List.of(buy), tick(TickKind.ASK, "59989.5"));
    assertEquals(0, book.size());
  }

  @Test
  void buyAlsoFiresOnATrade() {
    Trigger buy = trigger("b1", "59990", Watch.BUY);
    book.add(buy);

    assertEquals(List.of(buy), tick(TickKind.TRADE, "59980"));
  }

  @Test
  void buyStopAboveLastFiresOnAskAtOrAboveIt() {
    Trigger stop = trigger("stop", "60010", Watch.BUY);
    assertEquals(Direction.AT_OR_ABOVE, stop.direction());
    book.add(stop);

    assertEquals(List.of(), tick(TickKind.ASK, "60009.99"));
    assertEquals(List.of(), tick(TickKind.ASK, "59000"), "far below never fires a stop above");
    assertEquals(List.of(), tick(TickKind.BID, "60020"), "bids never fire a buy");
    assertEquals(List.of(stop), tick(TickKind.ASK, "60010.5"));
  }

  @Test
  void sellStopFiresOnBidAtOrBelowAndIgnoresAsks() {
    Trigger stop = trigger("s1", "59900", Watch.SELL);
    book.add(stop);

    assertEquals(List.of(), tick(TickKind.ASK, "59000"), "asks never fire a sell");
    assertEquals(List.of(), tick(TickKind.BID, "59900.01"));
    assertEquals(List.of(stop), tick(TickKind.BID, "59899"));
  }

  @Test
  void sellStopFiresOnTradeAtOrBelow() {
    Trigger stop = trigger("s1", "59900", Watch.SELL);
    book.add(stop);

    assertEquals(List.of(), tick(TickKind.TRADE, "59900.01"));
    assertEquals(List.of(stop), tick(TickKind.TRADE, "59850"));
  }

  @Test
  void alertFiresOnlyOnTrades() {
    Trigger alert = trigger("a1", "60100", Watch.ALERT);
    book.add(alert);

    assertEquals(List.of(), tick(TickKind.ASK, "60200"));
    assertEquals(List.of(), tick(TickKind.BID, "60200"));
    assertEquals(List.of(alert), tick(TickKind.TRADE, "60200"));
  }

  @Test
  void aTickExactlyAtThePriceFiresBothDirections() {
    Trigger above = trigger("above", "60100.00", Watch.ALERT);
    Trigger below = trigger("below", "59900.00", Watch.ALERT);
    book.add(above);
    book.add(below);

    assertEquals(List.of(above), tick(TickKind.TRADE, "60100.0"));
    assertEquals(List.of(below), tick(TickKind.TRADE, "59900"));
  }

  @Test
  void aTriggerAtLastFiresWhenTheMarketIsStillThere() {
    Trigger atLast = trigger("at", "60000", Watch.BUY);
    assertEquals(Direction.AT_OR_ABOVE, atLast.direction());
    book.add(atLast);

    assertEquals(List.of(atLast), tick(TickKind.ASK, "60000"));
  }

  @Test
  void sizeTicksNeverFire() {
    book.add(trigger("b1", "59990", Watch.BUY));
    book.add(trigger("s1", "60010", Watch.SELL));

    assertEquals(List.of(), tick(TickKind.BSIZE, "0"));
    assertEquals(List.of(), tick(TickKind.ASIZE, "1000000"));
    assertEquals(List.of(), tick(TickKind.BSIZE, "1000000"));
    assertEquals(List.of(), tick(TickKind.ASIZE, "0"));
    assertEquals(2, book.size());
    assertEquals(1, tick(TickKind.TRADE, "0").size(), "a named tick type still fires");
  }

  @Test
  void addingTheSameOidAgainMovesTheTrigger() {
    book.add(trigger("b1", "59990", Watch.BUY));
    Trigger moved = trigger("b1", "59900", Watch.BUY);
    book.add(moved);

    assertEquals(1, book.size());
    assertEquals(Optional.of(moved), book.get("b1"));
    assertEquals(List.of(), tick(TickKind.ASK, "59950"), "the old price no longer fires");
    assertEquals(List.of(moved), tick(TickKind.ASK, "59900"));
    assertEquals(0, book.size());
  }

  @Test
  void aModifyCanChangeWatchAndDirection() {
    book.add(trigger("x", "59990", Watch.BUY));
    Trigger alert = trigger("x", "60100", Watch.ALERT);
    book.add(alert);

    assertEquals(List.of(), tick(TickKind.ASK, "59000"));
    assertEquals(List.of(alert), tick(TickKind.TRADE, "60100"));
  }

  @Test
  void aReplacedTriggerCountsAsNewlyAdded() {
    book.add(trigger("a", "59990", Watch.ALERT));
    Trigger b = trigger("b", "59980", Watch.ALERT);
    book.add(b);
    Trigger aAgain = trigger("a", "59970", Watch.ALERT);
    book.add(aAgain);

    assertEquals(List.of(b, aAgain), book.all());
    assertEquals(List.of(b, aAgain), tick(TickKind.TRADE, "59000"));
  }

  @Test
  void removeTakesATriggerOutOfTheBook() {
    Trigger buy = trigger("b1", "59990", Watch.BUY);
    book.add(buy);

    assertEquals(Optional.of(buy), book.remove("b1"));
    assertEquals(Optional.empty(), book.remove("b1"));
    assertEquals(Optional.empty(), book.remove("never-added"));
    assertEquals(0, book.size());
    assertEquals(List.of(), tick(TickKind.ASK, "1"));
  }

  @Test
  void severalFireAtOnceOldestAddedFirst() {
    // Prices deliberately out of insertion order, across watches.
    Trigger t1 = trigger("t1", "59900", Watch.BUY);
    Trigger t2 = trigger("t2", "59990", Watch.SELL);
    Trigger t3 = trigger("t3", "59950", Watch.ALERT);
    Trigger t4 = trigger("t4", "59990.0", Watch.BUY);
    Trigger untouched = trigger("t5", "59700", Watch.SELL);
    Trigger aboveUntouched = trigger("t6", "60100", Watch.BUY);
    List.of(t1, t2, t3, t4, untouched, aboveUntouched).forEach(book::add);

    assertEquals(List.of(t1, t2, t3, t4), tick(TickKind.TRADE, "59800"));
    assertEquals(List.of(untouched, aboveUntouched), book.all());
  }

  @Test
  void aFiredTriggerIsGone() {
    Trigger alert = trigger("a1", "60100", Watch.ALERT);
    book.add(alert);
    tick(TickKind.TRADE, "60100");

    assertEquals(Optional.empty(), book.get("a1"));
    assertEquals(List.of(), book.all());
    assertEquals(Optional.empty(), book.remove("a1"));
    assertEquals(List.of(), tick(TickKind.TRADE, "60100"), "it fires only once");
  }

  @Test
  void equalPricesShareALevelInTheOrderTheyCame() {
    Trigger x = trigger("x", "60100.0", Watch.ALERT);
    Trigger y = trigger("y", "60100.00", Watch.ALERT);
    Trigger z = trigger("z", "60100", Watch.ALERT);
    book.add(x);
    book.add(y);
    book.add(z);
    book.remove("y");

    assertEquals(List.of(x, z), tick(TickKind.TRADE, "60100.000"));
    assertEquals(0, book.size());
  }

  @Test
  void allAndGetReflectTheBook() {
    Trigger a = trigger("a", "59990", Watch.BUY);
    Trigger b = trigger("b", "60010", Watch.SELL);
    book.add(a);
    book.add(b);

    assertEquals(List.of(a, b), book.all());
    assertEquals(Optional.of(b), book.get("b"));
    assertTrue(book.get("c").isEmpty());
  }

  @Test
  void firedTriggersAreAppendedToTheCallersList() {
    Trigger buy = trigger("b1", "59990", Watch.BUY);
    Trigger earlier = trigger("e", "1", Watch.SELL);
    book.add(buy);
    List<Trigger> fired = new ArrayList<>(List.of(earlier));

    assertEquals(1, book.onTick(TickKind.ASK, p("59990"), fired));
    assertEquals(List.of(earlier, buy), fired);
    assertEquals(0, book.onTick(TickKind.ASK, p("59990"), fired));
    assertEquals(List.of(earlier, buy), fired);
  }

  /** What one tick fires, checking the returned count agrees with what was appended. */
  private List<Trigger> tick(TickKind kind, String price) {
    List<Trigger> fired = new ArrayList<>();
    int count = book.onTick(kind, p(price), fired);
    assertEquals(fired.size(), count, "count returned");
    return fired;
  }

  private static Trigger trigger(String oid, String price, Watch watch) {
    return Trigger.fromLast(oid, p(price), LAST, watch);
  }

  static long p(String price) {
    return CENTS.units(new BigDecimal(price));
  }
}
