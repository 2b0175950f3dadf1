package piker.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.market.Quote;
import piker.contracts.market.Tick;

class StreamBufferTest {

  @Test
  void overflowDropsTheOldestAndCountsThem() {
    StreamBuffer buffer = new StreamBuffer(3);
    assertEquals(0, buffer.add(List.of(FakeDataClient.quote("aaausd.spot", 1), FakeDataClient.quote("aaausd.spot", 2))));
    assertEquals(2, buffer.add(List.of(FakeDataClient.quote("aaausd.spot", 3), FakeDataClient.quote("aaausd.spot", 4),
        FakeDataClient.quote("aaausd.spot", 5))));
    assertEquals(List.of(3L, 4L, 5L), buffer.drain(10).stream().map(Quote::timeNs).toList());
    assertTrue(buffer.isEmpty());
  }

  @Test
  void drainingInBatchesKeepsOrder() {
    StreamBuffer buffer = new StreamBuffer(100);
    for (int n = 1; n <= 10; n++) {
      buffer.add(List.of(FakeDataClient.quote("aaausd.spot", n)));
    }
    assertEquals(List.of(1L, 2L, 3L, 4L), buffer.drain(4).stream().map(Quote::timeNs).toList());
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
    List<Quote> frame = buffer.drainConflated();
    assertEquals(2, frame.size(), "one quote per market");
    assertEquals(ticks, frame.get(0).ticks());
    assertEquals(FakeDataClient.quote("aaausd.spot", 5).last(), frame.get(0).last());
    assertEquals(5L, frame.get(0).timeNs());
    assertEquals(105L, frame.get(1).timeNs());
    assertTrue(buffer.isEmpty());
  }
}
