package piker.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.market.Bar;
import piker.contracts.names.Fqme;

/** Bars survive on disk, come back exactly, and are readable as Parquet by any DuckDB/pandas reader. */
class BarStoreTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Fqme BTC = Fqme.parse("btcusdt.spot.sim");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static List<Bar> bars(long from, int count) {
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BigDecimal price = new BigDecimal("60000.01").add(BigDecimal.valueOf(i, 2));
      bars.add(new Bar(from + i * 60L, price, price.add(new BigDecimal("0.5")), price, price,
          new BigDecimal("0.00001")));
    }
    return bars;
  }

  /** Exact values back; the scale is normalised (trailing zeros dropped), as DECIMAL(38, 12) keeps none. */
  private static void assertSameBars(List<Bar> expected, List<Bar> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      Bar want = expected.get(i);
      Bar got = actual.get(i);
      assertEquals(want.time(), got.time());
      for (BigDecimal[] pair : new BigDecimal[][] {{want.open(), got.open()}, {want.high(), got.high()},
          {want.low(), got.low()}, {want.close(), got.close()}, {want.volume(), got.volume()}}) {
        assertEquals(0, pair[0].compareTo(pair[1]), want + " vs " + got);
      }
    }
  }

  private static List<Bar> load(ActorRef<BarStore.Command> store, int period, int limit) {
    TestProbe<BarStore.Loaded> loaded = testKit.createTestProbe();
    store.tell(new BarStore.Load(BTC, period, limit, loaded.ref()));
    return loaded.receiveMessage(Duration.ofSeconds(10)).bars();
  }

  @Test
  void barsPersistAcrossRestartsAndExportAsParquet(@TempDir Path dir) throws Exception {
    ActorRef<BarStore.Command> store = testKit.spawn(BarStore.create(dir, Duration.ofHours(1)));
    store.tell(new BarStore.Append(BTC, 60, bars(1_795_838_400L, 100)));
    store.tell(new BarStore.Append(BTC, 60, bars(1_795_838_400L + 90 * 60, 20))); // overlaps replace
    assertSameBars(bars(1_795_838_400L + 90 * 60, 20).subList(10, 20), load(store, 60, 10));
    TestProbe<BarStore.Closed> closed = testKit.createTestProbe();
    store.tell(new BarStore.Close(closed.ref()));
    closed.receiveMessage(Duration.ofSeconds(20));

    Path parquet = dir.resolve("btcusdt.spot.sim").resolve("1m.parquet");
    assertTrue(Files.exists(parquet), "exported at close");
    try (Connection reader = DriverManager.getConnection("jdbc:duckdb:");
         ResultSet rows = reader.createStatement().executeQuery("SELECT count(*), min(time), max(volume) FROM "
             + "read_parquet('" + parquet + "')")) {
      rows.next();
      assertEquals(110, rows.getLong(1), "100 bars, 10 of them replaced, 10 more");
      assertEquals(1_795_838_400L, rows.getLong(2));
      assertEquals(0, new BigDecimal("0.00001").compareTo(rows.getBigDecimal(3)));
    }

    ActorRef<BarStore.Command> reopened = testKit.spawn(BarStore.create(dir, Duration.ofHours(1)));
    List<Bar> all = load(reopened, 60, 1000);
    assertEquals(110, all.size());
    assertSameBars(bars(1_795_838_400L, 1), all.subList(0, 1));
    assertTrue(load(reopened, 1, 10).isEmpty(), "another period is another series");
  }

  @Test
  void appendsWrittenTogetherKeepTheLatestOfABarAndABarTooFineSpoilsOnlyItsOwnAppend(@TempDir Path dir) {
    ActorRef<BarStore.Command> store = testKit.spawn(BarStore.create(dir, Duration.ofHours(1)));
    BigDecimal tooFine = new BigDecimal("0.0000000000001");
    for (int i = 0; i < 50; i++) {
      // many feeds' flushes queued at once, the same bar amended again and again
      store.tell(new BarStore.Append(BTC, 1, bars(1_795_838_400L + i * 60L, 2)));
      store.tell(new BarStore.Append(BTC, 60, List.of(new Bar(1_795_838_400L, tooFine, tooFine, tooFine, tooFine,
          tooFine))));
    }
    List<Bar> stored = load(store, 1, 1000);
    assertEquals(51, stored.size(), "times t, t+60, ..., t+50*60: the 50 appends' bars, each time once");
    assertSameBars(bars(1_795_838_400L + 49 * 60L, 2), stored.subList(49, 51));
    assertSameBars(bars(1_795_838_400L, 1), stored.subList(0, 1));
    assertTrue(load(store, 60, 10).isEmpty(), "the bars finer than the columns were refused");
  }
}
