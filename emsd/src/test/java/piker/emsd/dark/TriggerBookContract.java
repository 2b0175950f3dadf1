package piker.emsd.dark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The semantics every TriggerBook must have; one subclass per implementation runs it. */
abstract class TriggerBookContract {

  private static final BigDecimal LAST = p("60000");

  private final TriggerBook book = newBook();

  protected abstract TriggerBook newBook();

  @Test
  void buyBelowMarketFiresOnFirstAskAtOrBelowItAndIgnoresBids() {
    Trigger buy = trigger("b1", "59990", Watch.BUY);
    book.add(buy);

    assertEquals(List.of(), book.onTick(TickKind.BID, p("59000")), "bids never fire a buy");
    assertEquals(List.of(), book.onTick(TickKind.ASK, p("59990.01")), "ask above the price");
    assertEquals(List.of(buy), book.onTick(TickKind.ASK, p("59989.5")));
    assertEquals(0, book.size());
  }

  @Test
  void buyAlsoFiresOnATrade() {
    Trigger buy = trigger("b1", "59990", Watch.BUY);
    book.add(buy);

    assertEquals(List.of(buy), book.onTick(TickKind.TRADE, p("59980")));
  }

  @Test
  void buyStopAboveLastFiresOnAskAtOrAboveIt() {
    Trigger stop = trigger("stop", "60010", Watch.BUY);
    assertEquals(Direction.AT_OR_ABOVE, stop.direction());
    book.add(stop);

    assertEquals(List.of(), book.onTick(TickKind.ASK, p("60009.99")));
    assertEquals(List.of(), book.onTick(TickKind.ASK, p("59000")), "far below never fires a stop above");
    assertEquals(List.of(), book.onTick(TickKind.BID, p("60020")), "bids never fire a buy");
    assertEquals(List.of(stop), book.onTick(TickKind.ASK, p("60010.5")));
  }

  @Test
  void sellStopFiresOnBidAtOrBelowAndIgnoresAsks() {
    Trigger stop = trigger("s1", "59900", Watch.SELL);
    book.add(stop);

    assertEquals(List.of(), book.onTick(TickKind.ASK, p("59000")), "asks never fire a sell");
    assertEquals(List.of(), book.onTick(TickKind.BID, p("59900.01")));
    assertEquals(List.of(stop), book.onTick(TickKind.BID, p("59899")));
  }

  @Test
  void sellStopFiresOnTradeAtOrBelow() {
    Trigger stop = trigger("s1", "59900", Watch.SELL);
    book.add(stop);

    assertEquals(List.of(), book.onTick(TickKind.TRADE, p("59900.01")));
    assertEquals(List.of(stop), book.onTick(TickKind.TRADE, p("59850")));
  }

  @Test
  void alertFiresOnlyOnTrades() {
    Trigger alert = trigger("a1", "60100", Watch.ALERT);
    book.add(alert);

    assertEquals(List.of(), book.onTick(TickKind.ASK, p("60200")));
    assertEquals(List.of(), book.onTick(TickKind.BID, p("60200")));
    assertEquals(List.of(alert), book.onTick(TickKind.TRADE, p("60200")));
  }

  @Test
  void aTickExactlyAtThePriceFiresBothDirectionsWhateverTheScale() {
    Trigger above = trigger("above", "60100.00", Watch.ALERT);
    Trigger below = trigger("below", "59900.00", Watch.ALERT);
    book.add(above);
    book.add(below);

    assertEquals(List.of(above), book.onTick(TickKind.TRADE, p("60100.0")));
    assertEquals(List.of(below), book.onTick(TickKind.TRADE, p("59900")));
  }

  @Test
  void aTriggerAtLastFiresWhenTheMarketIsStillThere() {
    Trigger atLast = trigger("at", "60000", Watch.BUY);
    assertEquals(Direction.AT_OR_ABOVE, atLast.direction());
    book.add(atLast);

    assertEquals(List.of(atLast), book.onTick(TickKind.ASK, LAST));
  }

  @Test
  void sizeTicksNeverFire() {
    book.add(trigger("b1", "59990", Watch.BUY));
    book.add(trigger("s1", "60010", Watch.SELL));

    assertEquals(List.of(), book.onTick("bsize", p("0")));
    assertEquals(List.of(), book.onTick("asize", p("1000000")));
    assertEquals(List.of(), book.onTick("bsize", p("1000000")));
    assertEquals(List.of(), book.onTick("asize", p("0")));
    assertEquals(2, book.size());
    assertEquals(1, book.onTick("trade", p("0")).size(), "a named tick type still fires");
  }

  @Test
  void addingTheSameOidAgainMovesTheTrigger() {
    book.add(trigger("b1", "59990", Watch.BUY));
    Trigger moved = trigger("b1", "59900", Watch.BUY);
    book.add(moved);

    assertEquals(1, book.size());
    assertEquals(Optional.of(moved), book.get("b1"));
    assertEquals(List.of(), book.onTick(TickKind.ASK, p("59950")), "the old price no longer fires");
    assertEquals(List.of(moved), book.onTick(TickKind.ASK, p("59900")));
    assertEquals(0, book.size());
  }

  @Test
  void aModifyCanChangeWatchAndDirection() {
    book.add(trigger("x", "59990", Watch.BUY));
    Trigger alert = trigger("x", "60100", Watch.ALERT);
    book.add(alert);

    assertEquals(List.of(), book.onTick(TickKind.ASK, p("59000")));
    assertEquals(List.of(alert), book.onTick(TickKind.TRADE, p("60100")));
  }

  @Test
  void aReplacedTriggerCountsAsNewlyAdded() {
    book.add(trigger("a", "59990", Watch.ALERT));
    Trigger b = trigger("b", "59980", Watch.ALERT);
    book.add(b);
    Trigger aAgain = trigger("a", "59970", Watch.ALERT);
    book.add(aAgain);

    assertEquals(List.of(b, aAgain), book.all());
    assertEquals(List.of(b, aAgain), book.onTick(TickKind.TRADE, p("59000")));
  }

  @Test
  void removeTakesATriggerOutOfTheBook() {
    Trigger buy = trigger("b1", "59990", Watch.BUY);
    book.add(buy);

    assertEquals(Optional.of(buy), book.remove("b1"));
    assertEquals(Optional.empty(), book.remove("b1"));
    assertEquals(Optional.empty(), book.remove("never-added"));
    assertEquals(0, book.size());
    assertEquals(List.of(), book.onTick(TickKind.ASK, p("1")));
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

    assertEquals(List.of(t1, t2, t3, t4), book.onTick(TickKind.TRADE, p("59800")));
    assertEquals(List.of(untouched, aboveUntouched), book.all());
  }

  @Test
  void aFiredTriggerIsGone() {
    Trigger alert = trigger("a1", "60100", Watch.ALERT);
    book.add(alert);
    book.onTick(TickKind.TRADE, p("60100"));

    assertEquals(Optional.empty(), book.get("a1"));
    assertEquals(List.of(), book.all());
    assertEquals(Optional.empty(), book.remove("a1"));
    assertEquals(List.of(), book.onTick(TickKind.TRADE, p("60100")), "it fires only once");
  }

  @Test
  void equalPricesOfDifferentScaleShareALevel() {
    Trigger x = trigger("x", "60100.0", Watch.ALERT);
    Trigger y = trigger("y", "60100.00", Watch.ALERT);
    Trigger z = trigger("z", "60100", Watch.ALERT);
    book.add(x);
    book.add(y);
    book.add(z);
    book.remove("y");

    assertEquals(List.of(x, z), book.onTick(TickKind.TRADE, p("60100.000")));
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

  private static Trigger trigger(String oid, String price, Watch watch) {
    return Trigger.fromLast(oid, p(price), LAST, watch);
  }

  static BigDecimal p(String price) {
    return new BigDecimal(price);
  }
}
