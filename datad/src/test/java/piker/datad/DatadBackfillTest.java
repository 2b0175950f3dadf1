package piker.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.testkit.TestCookies;

/** History: backfilled newest first in frames, joined to the live bars, failures retried and reported. */
class DatadBackfillTest {
  private static final Fqme AAA = Fqme.parse("aaausd.spot.fake");

  @TempDir
  Path configDir;
  private ActorTestKit testKit;
  private FakeBackend backend;
  private ActorRef<DaemonProtocol.Command> datad;

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create(ConfigFactory.parseString("""
        piker.datad.backfill.seconds = 36
        piker.datad.backfill.minutes = 36
        """).withFallback(ConfigFactory.load("application-test")));
    backend = new FakeBackend();
    TestProbe<DaemonLifecycle.Event> lifecycle = testKit.createTestProbe();
    datad = testKit.spawn(Datad.create(new DaemonSpec(ServiceName.of(DaemonKind.DATAD, "fake"),
        TestCookies.settingsIn(configDir), lifecycle.ref(), true), backend));
    lifecycle.expectMessageClass(DaemonLifecycle.Started.class);
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  private DatadProtocol.BarsReply readBars(Fqme fqme, int period, int count) {
    TestProbe<DaemonProtocol.CallResult> caller = testKit.createTestProbe();
    datad.tell(new DaemonProtocol.Call(Endpoint.READ_BARS.wireName(), TestCookies.hello(),
        new DatadProtocol.BarsRequest(fqme, period, count, 0), caller.ref()));
    return (DatadProtocol.BarsReply) assertInstanceOf(DaemonProtocol.Reply.class, caller.receiveMessage()).result();
  }

  /** Starts AAA's feed (a read does) and waits for its start's two recent-bars requests; a probe to wait with. */
  private TestProbe<Object> startedFeed() {
    TestProbe<Object> waiter = testKit.createTestProbe();
    readBars(AAA, 60, 1); // the fake has no recent bars to merge at the start unless a test gives some
    waiter.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(2, backend.client.recentRequests.get(), "both periods asked the venue at the start");
      return null;
    });
    return waiter;
  }

  @Test
  void backfillJoinsTheLiveBarsWithoutGapsOrDuplicatesAndSurvivesFailingRequests() {
    backend.client.failingHistory.set(2);
    LoggingTestKit.warn("history request failed").withOccurrences(2).expect(testKit.system(), () -> {
      readBars(AAA, 60, 100);
      return null;
    });
    TestProbe<Object> waiter = testKit.createTestProbe();
    // the two periods backfill one after the other, in the order their stored bars loaded
    waiter.awaitAssert(Duration.ofSeconds(10), () -> {
      assertTrue(!readBars(AAA, 1, 100).backfilling() && !readBars(AAA, 60, 100).backfilling(), "backfill finished");
      return null;
    });
    for (int period : new int[] {60, 1}) {
      List<piker.contracts.market.Bar> bars = readBars(AAA, period, 100).bars();
      assertEquals(36, bars.size(), "35 bars of history and the live one");
      for (int i = 0; i < bars.size(); i++) {
        assertEquals((long) (i - 35) * period, bars.get(i).time(), "gap-free, duplicate-free: " + bars);
      }
      assertEquals(new java.math.BigDecimal("100.00"), bars.get(35).close(), "the live bar, seeded from the feed");
    }
    assertTrue(backend.client.historyRequests.get() >= 10, "frames of 10: " + backend.client.historyRequests.get());
  }

  @Test
  void aVenueThatServesOnlySoManyBarsIsBackfilledThatDeepAndSaysSo() {
    backend.client.announcedMinutes = java.util.OptionalInt.of(20);
    LoggingTestKit.info("the venue serves only 20 bars of 60 s").expect(testKit.system(), () -> {
      readBars(AAA, 60, 100);
      return null;
    });
    TestProbe<Object> waiter = testKit.createTestProbe();
    waiter.awaitAssert(Duration.ofSeconds(10), () -> {
      assertTrue(!readBars(AAA, 60, 100).backfilling(), "backfill finished");
      return null;
    });
    assertEquals(20, readBars(AAA, 60, 100).bars().size(), "the 20 bars the venue serves, the live one included");
  }

  @Test
  void afterARestartTheStoredBarsComeBackAndNothingIsFetchedAgain() {
    TestProbe<Object> waiter = testKit.createTestProbe();
    readBars(AAA, 60, 100);
    waiter.awaitAssert(Duration.ofSeconds(10), () -> {
      assertTrue(!readBars(AAA, 1, 100).backfilling() && !readBars(AAA, 60, 100).backfilling());
      return null;
    });
    List<piker.contracts.market.Bar> before = readBars(AAA, 60, 100).bars();
    assertEquals(36, before.size());
    datad.tell(new DaemonProtocol.Stop("the test"));
    waiter.expectTerminated(datad, Duration.ofSeconds(10));

    backend = new FakeBackend();
    TestProbe<DaemonLifecycle.Event> lifecycle = testKit.createTestProbe();
    datad = testKit.spawn(Datad.create(new DaemonSpec(ServiceName.of(DaemonKind.DATAD, "fake"),
        TestCookies.settingsIn(configDir), lifecycle.ref(), true), backend));
    lifecycle.expectMessageClass(DaemonLifecycle.Started.class);
    readBars(AAA, 60, 100);
    waiter.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(36, readBars(AAA, 60, 100).bars().size(), "the stored history is back");
      assertEquals(36, readBars(AAA, 1, 100).bars().size());
      return null;
    });
    assertEquals(0, backend.client.historyRequests.get(), "nothing was missing, so nothing was fetched");
    List<piker.contracts.market.Bar> after = readBars(AAA, 60, 100).bars();
    for (int i = 0; i < 36; i++) {
      assertEquals(before.get(i).time(), after.get(i).time());
      assertEquals(0, before.get(i).close().compareTo(after.get(i).close()));
    }
  }

  /**
   * A feed that starts mid-period takes the open bar from the venue (as of its cut-off) plus the live
   * trades after the cut-off: trades in flight while the venue answered are counted once, whichever
   * side of the answer they arrive on. Reads wait for the merge rather than show a bar without the
   * trades from before the feed started.
   */
  @Test
  void theOpenBarOfAFeedStartedMidPeriodIsTheVenuesPlusTheLiveTradesAfterItsCutOff() {
    java.util.concurrent.CompletableFuture<java.util.Optional<piker.contracts.spi.DataClient.RecentBars>> answer =
        new java.util.concurrent.CompletableFuture<>();
    backend.client.recent = answer;
    TestProbe<DaemonProtocol.CallResult> early = testKit.createTestProbe();
    datad.tell(new DaemonProtocol.Call(Endpoint.READ_BARS.wireName(), TestCookies.hello(),
        new DatadProtocol.BarsRequest(AAA, 60, 1, 0), early.ref()));
    TestProbe<Object> waiter = testKit.createTestProbe();
    waiter.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(2, backend.client.recentRequests.get(), "both periods asked the venue");
      return null;
    });
    // in flight: a trade the venue's bar holds (at 3 ns, before its cut-off at 5 ns) and one it does not
    backend.client.emit("aaausd.spot", 3);
    backend.client.emit("aaausd.spot", 8);
    // the venue's bar as of 5 ns: the trades before the feed started, and the one at 3 ns
    answer.complete(java.util.Optional.of(new piker.contracts.spi.DataClient.RecentBars(List.of(
        new piker.contracts.market.Bar(0, new java.math.BigDecimal("90"), new java.math.BigDecimal("100.03"),
            new java.math.BigDecimal("89"), new java.math.BigDecimal("100.03"), new java.math.BigDecimal("7"))), 5)));
    // after the answer: a late live copy of a trade it holds (4 ns), and a new one
    backend.client.emit("aaausd.spot", 4);
    backend.client.emit("aaausd.spot", 9);
    // bars give their values back in the market's decimals: two, for the fake's 0.01 tick and lot
    piker.contracts.market.Bar expected = new piker.contracts.market.Bar(0, new java.math.BigDecimal("90.00"),
        new java.math.BigDecimal("100.09"), new java.math.BigDecimal("89.00"), new java.math.BigDecimal("100.09"),
        new java.math.BigDecimal("24.00"));
    DatadProtocol.BarsReply first = (DatadProtocol.BarsReply) assertInstanceOf(DaemonProtocol.Reply.class,
        early.receiveMessage()).result();
    assertEquals(new java.math.BigDecimal("90.00"), first.bars().get(0).open(),
        "a read made before the venue answered waits for the merge: " + first.bars());
    waiter.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(List.of(expected), readBars(AAA, 60, 1).bars(), "7 from the venue, then 8 and 9 live");
      assertEquals(List.of(expected), readBars(AAA, 1, 1).bars().stream()
          .map(bar -> new piker.contracts.market.Bar(0, bar.open(), bar.high(), bar.low(), bar.close(), bar.volume()))
          .toList(), "the 1 s bar the same way");
      return null;
    });
  }

  /**
   * A gap in the live stream (trades 3 to 5 never came): the bars from the gap on are the venue's, once it
   * answers with bars cut after the first trade past the gap, plus the live trades after that cut. An answer
   * cut inside the gap would lose its trades, so it is asked for again.
   */
  @Test
  void barsAGapInTheLiveStreamLeftShortAreRepairedWithTheVenuesOnceCutPastIt() {
    TestProbe<Object> waiter = startedFeed();
    backend.client.emit("aaausd.spot", 1);
    backend.client.emit("aaausd.spot", 2);
    java.util.function.BiFunction<String, Long, java.util.concurrent.CompletableFuture<java.util.Optional<
        piker.contracts.spi.DataClient.RecentBars>>> venue = (high, asOf) ->
        java.util.concurrent.CompletableFuture.completedFuture(java.util.Optional.of(
            new piker.contracts.spi.DataClient.RecentBars(List.of(new piker.contracts.market.Bar(0,
                new java.math.BigDecimal("100.01"), new java.math.BigDecimal(high), new java.math.BigDecimal("100.01"),
                new java.math.BigDecimal(high), java.math.BigDecimal.valueOf(asOf * (asOf + 1) / 2))), asOf)));
    // each period is first answered as of 4 ns, inside the gap, and then as of 7 ns
    backend.client.recentAnswers.addAll(List.of(venue.apply("100.04", 4L), venue.apply("100.04", 4L)));
    backend.client.recent = venue.apply("100.07", 7L);
    LoggingTestKit.warn("before trades they must hold").withOccurrences(2).expect(testKit.system(), () -> {
      backend.client.gap("aaausd.spot", 2, 6);
      backend.client.emit("aaausd.spot", 6);
      backend.client.emit("aaausd.spot", 7);
      return null;
    });
    // trades 1, 2, 6 and 7 are all the feed has until the venue's bars come
    waiter.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(6, backend.client.recentRequests.get(), "each period asked again after the early answer");
      return null;
    });
    backend.client.emit("aaausd.spot", 8);
    piker.contracts.market.Bar repaired = new piker.contracts.market.Bar(0, new java.math.BigDecimal("100.01"),
        new java.math.BigDecimal("100.08"), new java.math.BigDecimal("100.01"), new java.math.BigDecimal("100.08"),
        new java.math.BigDecimal("36.00"));
    waiter.awaitAssert(Duration.ofSeconds(10), () -> {
      for (int period : new int[] {60, 1}) {
        assertEquals(List.of(repaired), readBars(AAA, period, 1).bars(),
            "trades 1 to 7 from the venue and 8 live, in the " + period + " s bar");
      }
      return null;
    });
    // another gap right after: it waits out the repair's pause (RepairPace) instead of asking the venue at once
    LoggingTestKit.warn("gaps recur, so the bars are repaired in").expect(testKit.system(), () -> {
      backend.client.gap("aaausd.spot", 8, 10);
      backend.client.emit("aaausd.spot", 10);
      return null;
    });
    assertEquals(6, backend.client.recentRequests.get(), "no request during the pause");
  }

  /**
   * Bars closed while the stream is in trouble (or awaiting a gap's repair) are kept from storage: a pikerd that
   * stops before the stream is back leaves them to the venue's history at its next start, not stored short.
   */
  @Test
  void barsClosedWhileTheStreamIsInTroubleAreNotStoredWhenDatadStopsBeforeItIsBack() {
    TestProbe<Object> waiter = startedFeed();
    backend.client.emit("aaausd.spot", 1_000_000_001L); // second 1: the feed's start bar (second 0) closes
    backend.client.listeners.get("aaausd.spot").onError(RemoteError.of("FakeDisconnected", "the link dropped",
        "fake"));
    datad.tell(new DaemonProtocol.Stop("the test"));
    waiter.expectTerminated(datad, Duration.ofSeconds(10));
    ActorRef<BarStore.Command> store = testKit.spawn(BarStore.create(TestCookies.settingsIn(configDir).dataDir()
        .resolve("history").resolve("fake"), Duration.ofHours(1)));
    TestProbe<BarStore.Loaded> loaded = testKit.createTestProbe();
    store.tell(new BarStore.Load(AAA, 1, 100, loaded.ref()));
    List<piker.contracts.market.Bar> stored = loaded.receiveMessage(Duration.ofSeconds(10)).bars();
    assertTrue(stored.stream().noneMatch(bar -> bar.time() >= 0), "only the backfilled history: " + stored);
  }

  /** A repair answered with no bars (a venue whose history lags its stream) is asked again. */
  @Test
  void aRepairsEmptyAnswerIsAskedAgain() {
    startedFeed();
    backend.client.emit("aaausd.spot", 1);
    java.util.concurrent.CompletableFuture<java.util.Optional<piker.contracts.spi.DataClient.RecentBars>> none =
        java.util.concurrent.CompletableFuture.completedFuture(java.util.Optional.empty());
    backend.client.recentAnswers.addAll(List.of(none, none));
    backend.client.recent = java.util.concurrent.CompletableFuture.completedFuture(java.util.Optional.of(
        new piker.contracts.spi.DataClient.RecentBars(List.of(new piker.contracts.market.Bar(0,
            new java.math.BigDecimal("100.01"), new java.math.BigDecimal("100.03"), new java.math.BigDecimal("100.01"),
            new java.math.BigDecimal("100.03"), new java.math.BigDecimal("6"))), 3)));
    LoggingTestKit.info("repaired").withOccurrences(2).expect(testKit.system(), () -> {
      backend.client.gap("aaausd.spot", 1, 3);
      backend.client.emit("aaausd.spot", 3);
      return null;
    });
    assertEquals(6, backend.client.recentRequests.get(), "each period asked again after its empty answer");
  }

  @Test
  void aRepairTheVenueCannotServeIsGivenUpAtOnce() {
    startedFeed();
    backend.client.emit("aaausd.spot", 1);
    backend.client.recent = java.util.concurrent.CompletableFuture.failedFuture(RemoteError.of(
        piker.contracts.spi.DataClient.HISTORY_TOO_DENSE, "more trades than its pages hold", "fake").toException());
    LoggingTestKit.warn("recent bars failed 1 times").withOccurrences(2).expect(testKit.system(), () -> {
      backend.client.gap("aaausd.spot", 1, 3);
      backend.client.emit("aaausd.spot", 3);
      return null;
    });
    assertEquals(4, backend.client.recentRequests.get(), "not asked again");
  }

  /** Too many live trades while a repair's answer is awaited: the repair is given up, and the log says so. */
  @Test
  void aRepairWhoseKeptTradesOverflowIsGivenUpWithAWarningNotCalledRepaired() {
    startedFeed();
    java.util.concurrent.CompletableFuture<java.util.Optional<piker.contracts.spi.DataClient.RecentBars>> late =
        new java.util.concurrent.CompletableFuture<>();
    backend.client.recent = late;
    backend.client.emit("aaausd.spot", 1);
    backend.client.gap("aaausd.spot", 1, 3);
    for (int i = 3; i <= BarBuffer.MAX_JOURNAL + 3; i++) {
      backend.client.emit("aaausd.spot", i);
    }
    LoggingTestKit.warn("lack the trades the live stream missed: more than").withOccurrences(2)
        .expect(testKit.system(), () -> {
          late.complete(java.util.Optional.of(new piker.contracts.spi.DataClient.RecentBars(List.of(), 3)));
          return null;
        });
  }

  /** A failing history request is the log's and the reader's business, not news for quote subscribers. */
  @Test
  void historyFailuresAreLoggedAndNotSentToQuoteSubscribers() {
    backend.client.failingHistory.set(3);
    TestProbe<piker.contracts.daemon.Session.Event> opener = testKit.createTestProbe();
    LoggingTestKit.warn("history request failed").withOccurrences(3).expect(testKit.system(), () -> {
      datad.tell(new DaemonProtocol.OpenSession("s-1", Endpoint.STREAM_QUOTES.wireName(), TestCookies.hello(),
          new DatadProtocol.StreamParams(List.of(AAA), 0, 64), opener.ref()));
      opener.expectMessageClass(piker.contracts.daemon.Session.Started.class);
      return null;
    });
    TestProbe<Object> waiter = testKit.createTestProbe();
    waiter.awaitAssert(Duration.ofSeconds(10), () -> {
      assertTrue(!readBars(AAA, 1, 100).backfilling() && !readBars(AAA, 60, 100).backfilling(), "backfill finished");
      return null;
    });
    backend.client.emit("aaausd.spot", 1);
    // everything the subscriber got until its quote: progress, never a notice about history
    while (true) {
      piker.contracts.daemon.Session.Message message =
          opener.expectMessageClass(piker.contracts.daemon.Session.Message.class);
      assertTrue(!(message.body() instanceof DatadProtocol.FeedNotice), "no history notice: " + message.body());
      if (message.body() instanceof DatadProtocol.QuoteBatch) {
        break;
      }
    }
  }

  /** A reader who wants more bars than a failed backfill could load is told why, in words. */
  @Test
  void aBackfillGivenUpIsToldToTheReaderWhoWantsMoreThanIsHeld() {
    backend.client.failingHistory.set(1_000);
    readBars(AAA, 60, 1);
    TestProbe<DaemonProtocol.CallResult> caller = testKit.createTestProbe();
    caller.awaitAssert(Duration.ofSeconds(60), () -> {
      datad.tell(new DaemonProtocol.Call(Endpoint.READ_BARS.wireName(), TestCookies.hello(),
          new DatadProtocol.BarsRequest(AAA, 60, 100, 0), caller.ref()));
      DaemonProtocol.Failure failure = assertInstanceOf(DaemonProtocol.Failure.class, caller.receiveMessage());
      assertEquals("HistoryUnavailable", failure.error().type());
      assertTrue(failure.error().message().contains("history is slow today")
          && failure.error().message().contains("ask for at most 1"), failure.error().message());
      return null;
    });
    assertEquals(1, readBars(AAA, 60, 1).bars().size(), "what is held is still served");
  }

  @Test
  void badBarRequestsAreRefused() {
    TestProbe<DaemonProtocol.CallResult> caller = testKit.createTestProbe();
    for (DatadProtocol.BarsRequest bad : List.of(new DatadProtocol.BarsRequest(AAA, 7, 10, 0),
        new DatadProtocol.BarsRequest(AAA, 60, 0, 0), new DatadProtocol.BarsRequest(AAA, 60, 2_001, 0),
        new DatadProtocol.BarsRequest(Fqme.parse("aaausd.spot.other"), 60, 10, 0))) {
      datad.tell(new DaemonProtocol.Call(Endpoint.READ_BARS.wireName(), TestCookies.hello(), bad, caller.ref()));
      assertInstanceOf(DaemonProtocol.Failure.class, caller.receiveMessage());
    }
    datad.tell(new DaemonProtocol.Call(Endpoint.READ_BARS.wireName(), TestCookies.hello(),
        new DatadProtocol.BarsRequest(Fqme.parse("zzzusd.spot.fake"), 60, 10, 0), caller.ref()));
    assertEquals("UnknownMarket", assertInstanceOf(DaemonProtocol.Failure.class, caller.receiveMessage()).error().type());
  }

}
