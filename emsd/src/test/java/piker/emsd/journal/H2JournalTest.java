package piker.emsd.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.emsd.orders.Dialog;
import piker.emsd.orders.OrderEvent;
import piker.emsd.orders.OrderState;

/** The H2 journal plugin under the order journal: what was appended comes back in a new actor system. */
class H2JournalTest {
  @TempDir
  Path dir;

  private Config config() {
    return ConfigFactory.parseString("""
        piker.journal {
          class = "piker.emsd.journal.H2Journal"
          plugin-dispatcher = "piker.journal.dispatcher"
          dispatcher { type = PinnedDispatcher, executor = "thread-pool-executor" }
        }
        """).withFallback(ConfigFactory.parseMap(java.util.Map.of(
            "piker.journal.url", "jdbc:h2:file:" + dir.resolve("journal").toAbsolutePath() + ";WRITE_DELAY=0",
            "pekko.persistence.snapshot-store.local.dir", dir.resolve("snapshots").toString())))
        .withFallback(ConfigFactory.load("application-test"));
  }

  private static final OrderJournal.Settings SETTINGS = new OrderJournal.Settings("emsd-test", "piker.journal",
      "pekko.persistence.snapshot-store.local", 4, true);

  private static Dialog dialog(String oid) {
    return new Dialog(oid, "sim.paper", "buy", "btcusdt.spot.sim", new BigDecimal("60000.10"), new BigDecimal("0.001"),
        true, false, "dark_open", BigDecimal.ZERO, null, null, false, false, List.of(), 7L);
  }

  private static void append(ActorTestKit kit, ActorRef<OrderJournal.Command> journal, long batch,
                             List<OrderEvent> events) {
    TestProbe<OrderJournal.Appended> written = kit.createTestProbe();
    journal.tell(new OrderJournal.Append(batch, events, written.ref()));
    assertEquals(batch, written.expectMessageClass(OrderJournal.Appended.class, Duration.ofSeconds(10)).batch());
  }

  private static OrderState recover(ActorTestKit kit, ActorRef<OrderJournal.Command> journal) {
    TestProbe<OrderState> state = kit.createTestProbe();
    journal.tell(new OrderJournal.Recover(state.ref()));
    return state.expectMessageClass(OrderState.class, Duration.ofSeconds(10));
  }

  @Test
  void eventsWrittenInOneSystemAreRecoveredInTheNextAcrossSnapshotsAndDeletedEvents() {
    ActorTestKit first = ActorTestKit.create("journal-1", config());
    OrderState written;
    try {
      ActorRef<OrderJournal.Command> journal = first.spawn(OrderJournal.create(SETTINGS,
          CompletableFuture.completedFuture(null)));
      long batch = 0;
      for (int i = 0; i < 5; i++) {
        append(first, journal, ++batch, List.of(new OrderEvent.Accepted(dialog("o" + i)),
            new OrderEvent.Triggered("o" + i, new BigDecimal("60000.15"))));
      }
      append(first, journal, ++batch, List.of(new OrderEvent.Ended("o0", "closed", null)));
      append(first, journal, ++batch, List.of());
      written = recover(first, journal);
    } finally {
      first.shutdownTestKit();
    }
    assertEquals(4, written.activeDialogs().size());
    assertTrue(Files.exists(dir.resolve("journal.mv.db")), "an H2 file under the data dir");

    ActorTestKit second = ActorTestKit.create("journal-2", config());
    try {
      ActorRef<OrderJournal.Command> journal = second.spawn(OrderJournal.create(SETTINGS,
          CompletableFuture.completedFuture(null)));
      OrderState recovered = recover(second, journal);
      assertEquals(written.activeDialogs(), recovered.activeDialogs());
      assertEquals(written.doneOids(), recovered.doneOids());
      assertEquals("60000.15", recovered.get("o3").orElseThrow().submitPrice().toPlainString());
      // the sequence goes on after the recovered (and partly deleted) events
      append(second, journal, 1, List.of(new OrderEvent.Ended("o1", "canceled", "test")));
      assertTrue(recover(second, journal).get("o1").isEmpty());
    } finally {
      second.shutdownTestKit();
    }
  }

  @Test
  void aJournalWhoseStoreCannotBePreparedFailsRatherThanActing() {
    ActorTestKit kit = ActorTestKit.create("journal-3", config());
    try {
      ActorRef<OrderJournal.Command> journal = kit.spawn(OrderJournal.create(SETTINGS,
          CompletableFuture.failedFuture(new IllegalStateException("disk gone"))));
      TestProbe<OrderJournal.Appended> written = kit.createTestProbe();
      journal.tell(new OrderJournal.Append(1, List.of(new OrderEvent.Accepted(dialog("x"))), written.ref()));
      written.expectNoMessage(Duration.ofMillis(500));
      written.expectTerminated(journal, Duration.ofSeconds(5));
    } finally {
      kit.shutdownTestKit();
    }
  }
}
