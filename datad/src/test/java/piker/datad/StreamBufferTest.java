package piker.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.datad.QuoteBatchSerializer;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;

class StreamBufferTest {

  @Test
  void overflowDropsTheOldestAndCountsThem() {
    StreamBuffer buffer = new StreamBuffer(3);
    assertEquals(0, buffer.add(List.of(FakeDataClient.quote("aaausd.spot", 1), FakeDataClient.quote("aaausd.spot", 2))));
    assertEquals(2, buffer.add(List.of(FakeDataClient.quote("aaausd.spot", 3), FakeDataClient.quote("aaausd.spot", 4),
        FakeDataClient.quote("aaausd.spot", 5))));
    assertEquals(List.of(3L, 4L, 5L), buffer.drain(10, Integer.MAX_VALUE).stream().map(Quote::timeNs).toList());
    assertTrue(buffer.isEmpty());
  }

  @Test
  void drainingInBatchesKeepsOrder() {
    StreamBuffer buffer = new StreamBuffer(100);
    for (int n = 1; n <= 10; n++) {
      buffer.add(List.of(FakeDataClient.quote("aaausd.spot", n)));
    }
    assertEquals(List.of(1L, 2L, 3L, 4L), buffer.drain(4, Integer.MAX_VALUE).stream().map(Quote::timeNs).toList());
    assertEquals(6, buffer.size());
  }

  @Test
  void conflationKeepsEveryTickAndTheNewestState() {
    StreamBuffer buffer = new StreamBuffer(100);
    List<Tick> ticks = new ArrayList<>();
    for (int n = 1; n <= 5; n++) {
      Quote a = FakeDataClient.quote("aaausd.spot", n);
      ticks.addAll(a.ticks());
      buffer.add(List.of(a, FakeDataClient.quote("bbbusd.spot", 100 + n)));
    }
    List<Quote> frame = buffer.drainConflated(Integer.MAX_VALUE);
    assertEquals(2, frame.size(), "one quote per market");
    assertEquals(ticks, frame.get(0).ticks());
    assertEquals(FakeDataClient.quote("aaausd.spot", 5).last(), frame.get(0).last());
    assertEquals(5L, frame.get(0).timeNs());
    assertEquals(105L, frame.get(1).timeNs());
    assertTrue(buffer.isEmpty());
  }

  @Test
  void aDrainStaysWithinItsBytesButTakesAtLeastOneQuote() {
    StreamBuffer buffer = new StreamBuffer(100);
    for (int n = 1; n <= 10; n++) {
      buffer.add(List.of(FakeDataClient.quote("aaausd.spot", n)));
    }
    int one = QuoteBatchSerializer.boundOf(FakeDataClient.quote("aaausd.spot", 1));
    assertEquals(List.of(1L, 2L, 3L), buffer.drain(100, 3 * one + one / 2).stream().map(Quote::timeNs).toList());
    assertEquals(List.of(4L), buffer.drain(100, 1).stream().map(Quote::timeNs).toList(), "one even past the limit");
    assertEquals(6, buffer.size());
  }

  @Test
  void aBusyMarketConflatesIntoSeveralQuotesOfBoundedTicksAndWhatDoesNotFitWaitsItsTurn() {
    StreamBuffer buffer = new StreamBuffer(100_000);
    int count = 3 * StreamBuffer.MAX_CONFLATED_TICKS;
    for (int n = 1; n <= count; n++) {
      buffer.add(List.of(FakeDataClient.quote("aaausd.spot", n)));
    }
    buffer.add(List.of(FakeDataClient.quote("bbbusd.spot", count + 1)));
    int oneFullQuote = QuoteBatchSerializer.boundOf(FakeDataClient.quote("aaausd.spot", 1)) 
        + (StreamBuffer.MAX_CONFLATED_TICKS - 1) * 21;
    List<Quote> first = buffer.drainConflated(oneFullQuote);
    assertEquals(1, first.size());
    assertEquals(StreamBuffer.MAX_CONFLATED_TICKS, first.get(0).tickCount());
    assertEquals(StreamBuffer.MAX_CONFLATED_TICKS, first.get(0).timeNs(), "its state as of its last tick");
    List<Quote> rest = buffer.drainConflated(Integer.MAX_VALUE);
    assertEquals(List.of(2L * StreamBuffer.MAX_CONFLATED_TICKS, 3L * StreamBuffer.MAX_CONFLATED_TICKS, count + 1L),
        rest.stream().map(Quote::timeNs).toList(), "the rest in order, the other market after it");
    List<Tick> ticks = new ArrayList<>(first.get(0).ticks());
    rest.subList(0, 2).forEach(quote -> ticks.addAll(quote.ticks()));
    List<Tick> expected = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      expected.addAll(FakeDataClient.quote("aaausd.spot", n).ticks());
    }
    assertEquals(expected, ticks, "every tick once, in venue order");
    assertTrue(buffer.isEmpty());
  }

  @Test
  void whatAFrameCouldNotSendCountsAsTheQuotesItStandsForAndIsNotConflatedAgainAlone() {
    StreamBuffer buffer = new StreamBuffer(10);
    for (int n = 1; n <= 4; n++) {
      buffer.add(List.of(FakeDataClient.quote("aaausd.spot", n), FakeDataClient.quote("bbbusd.spot", 100 + n)));
    }
    List<Quote> sent = buffer.drainConflated(1); // room for one quote: aaa's four ticks go, bbb's wait
    assertEquals(1, sent.size());
    assertEquals(4, sent.get(0).tickCount());
    assertEquals(1, buffer.size(), "bbb's conflated quote waits");
    // 4 venue quotes wait in it: 7 more make 11 of 10, and dropping it drops those 4
    List<Quote> more = new ArrayList<>();
    for (int n = 5; n <= 11; n++) {
      more.add(FakeDataClient.quote("aaausd.spot", n));
    }
    assertEquals(4, buffer.add(more), "the conflated quote dropped counts as the 4 it stood for");
    assertEquals(7, buffer.size());
    List<Quote> frame = buffer.drainConflated(Integer.MAX_VALUE);
    assertEquals(1, frame.size());
    assertEquals(7, frame.get(0).tickCount());
    assertTrue(buffer.isEmpty());
  }

  @Test
  void aFramesRestGoesOnAsItIsWhenNothingCameAfterIt() {
    StreamBuffer buffer = new StreamBuffer(100);
    for (int n = 1; n <= 3; n++) {
      buffer.add(List.of(FakeDataClient.quote("aaausd.spot", n), FakeDataClient.quote("bbbusd.spot", 100 + n),
          FakeDataClient.quote("cccusd.spot", 200 + n)));
    }
    List<Quote> first = buffer.drainConflated(1);
    List<Quote> second = buffer.drainConflated(1);
    List<Quote> third = buffer.drainConflated(1);
    assertEquals(List.of(3L, 103L, 203L), List.of(first.get(0).timeNs(), second.get(0).timeNs(),
        third.get(0).timeNs()), "one market a message, in first-seen order");
    assertEquals(3, third.get(0).tickCount());
    assertTrue(buffer.isEmpty());
  }
}
