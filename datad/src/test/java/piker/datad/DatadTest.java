package piker.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Session;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.testkit.TestCookies;

/** datad against an in-memory backend: the feed bus, subscriber policies, and bad requests. */
class DatadTest {
  private static final Fqme AAA = Fqme.parse("aaausd.spot.fake");
  private static final Fqme BBB = Fqme.parse("bbbusd.spot.fake");

  @TempDir
  Path configDir;
  private ActorTestKit testKit;
  private FakeBackend backend;
  private ActorRef<DaemonProtocol.Command> datad;

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create(ConfigFactory.parseString("""
        piker.datad.feed-idle = 300ms
        piker.datad.subscriber-buffer = 1000
        piker.datad.backfill.seconds = 0
        piker.datad.backfill.minutes = 0
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

  private Session.Started open(TestProbe<Session.Event> opener, List<Fqme> fqmes, int throttle, int window) {
    datad.tell(new DaemonProtocol.OpenSession("s-" + System.nanoTime(), Endpoint.STREAM_QUOTES.wireName(),
        TestCookies.hello(), new DatadProtocol.StreamParams(fqmes, throttle, window), opener.ref()));
    return opener.expectMessageClass(Session.Started.class);
  }

  /** Receives batches, granting a credit for each, until {@code count} quotes came. */
  private static List<Quote> receive(TestProbe<Session.Event> opener, Session.Started started, int count) {
    List<Quote> quotes = new ArrayList<>();
    while (quotes.size() < count) {
      Session.Message message = opener.expectMessageClass(Session.Message.class);
      DatadProtocol.QuoteBatch batch = assertInstanceOf(DatadProtocol.QuoteBatch.class, message.body());
      quotes.addAll(batch.quotes());
      started.session().tell(new Session.Send(new DatadProtocol.Credit(1)));
    }
    return quotes;
  }

  @Test
  void aSubscriberGetsStartupQuotesThenEveryTickInOrder() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    Session.Started started = open(opener, List.of(AAA, BBB), 0, 8);
    List<Quote> startup = assertInstanceOf(DatadProtocol.StreamStarted.class, started.first()).startup();
    assertEquals(List.of(AAA, BBB), startup.stream().map(Quote::fqme).toList());
    assertEquals("100.00", startup.get(0).last().toPlainString(), "the startup quote carries last");

    for (int n = 1; n <= 300; n++) {
      backend.client.emit(n % 2 == 0 ? "aaausd.spot" : "bbbusd.spot", n);
    }
    List<Quote> quotes = receive(opener, started, 300);
    // each market's quotes in venue order (two feeds interleave freely)
    for (Fqme fqme : List.of(AAA, BBB)) {
      List<Quote> expected = new ArrayList<>();
      for (int n = fqme.equals(AAA) ? 2 : 1; n <= 300; n += 2) {
        expected.add(FakeDataClient.quote(fqme.bsFqme(), n));
      }
      assertEquals(expected, quotes.stream().filter(quote -> quote.fqme().equals(fqme)).toList());
    }
  }

  /** The quotes of the next batch. */
  private static List<Quote> nextBatch(TestProbe<Session.Event> opener) {
    return assertInstanceOf(DatadProtocol.QuoteBatch.class, opener.expectMessageClass(Session.Message.class).body())
        .quotes();
  }

  @Test
  void aSubscriberGrantingByTheHalfWindowGetsEachQuoteAtOnce() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    Session.Started started = open(opener, List.of(AAA), 0, 8);
    long n = 0;
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 4; i++) {
        backend.client.emit("aaausd.spot", ++n);
        assertEquals(List.of(n), nextBatch(opener).stream().map(Quote::timeNs).toList());
      }
      // half the window used, its grant not there yet: two quotes at once still leave one by one
      backend.client.emit("aaausd.spot", ++n);
      backend.client.emit("aaausd.spot", ++n);
      assertEquals(List.of(n - 1), nextBatch(opener).stream().map(Quote::timeNs).toList());
      assertEquals(List.of(n), nextBatch(opener).stream().map(Quote::timeNs).toList());
      started.session().tell(new Session.Send(new DatadProtocol.Credit(6)));
    }
    // no more grants: with a quarter of the window left, what comes goes in as few batches as the credit
    // left allows (a venue burst, so the test does not race the linger timer)
    for (int i = 0; i < 6; i++) {
      backend.client.emit("aaausd.spot", ++n);
      nextBatch(opener);
    }
    List<Quote> burst = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      burst.add(FakeDataClient.quote("aaausd.spot", ++n));
    }
    backend.client.listeners.get("aaausd.spot").onQuotes(burst);
    List<Quote> gathered = new ArrayList<>(nextBatch(opener));
    if (gathered.size() < 50) {
      gathered.addAll(nextBatch(opener));
    }
    assertEquals(50, gathered.size(), "the last two credits carry all 50 quotes");
    assertEquals(n, gathered.get(49).timeNs());
  }

  @Test
  void aStalledSubscriberNeverSlowsAnotherAndItsOverrunIsReported() {
    TestProbe<Session.Event> fast = testKit.createTestProbe();
    TestProbe<Session.Event> stalled = testKit.createTestProbe();
    Session.Started fastStarted = open(fast, List.of(AAA), 0, 4);
    open(stalled, List.of(AAA), 0, 1);
    assertEquals(1, backend.client.subscriptions.get(), "both share one feed");

    // the stalled subscriber's buffer (1,000) overflows in the 11th chunk: its first report is at once
    List<Quote> quotes = new ArrayList<>();
    LoggingTestKit.warn("fell behind").expect(testKit.system(), () -> {
      emitChunks(0, 11, fast, fastStarted, quotes);
      return null;
    });
    emitChunks(11, 50, fast, fastStarted, quotes);
    assertEquals(5000, quotes.size());
    for (int n = 1; n <= 5000; n++) {
      assertEquals(n, quotes.get(n - 1).timeNs(), "every tick, in order");
    }
    DatadProtocol.QuoteBatch first = assertInstanceOf(DatadProtocol.QuoteBatch.class,
        stalled.expectMessageClass(Session.Message.class).body());
    // later drops are reported at most once a second, and the last ones although no quote follows them
    long expectedDropped = 5000 - first.quotes().size() - 1000;
    long reported = 0;
    while (reported < expectedDropped) {
      DatadProtocol.Overrun overrun = assertInstanceOf(DatadProtocol.Overrun.class,
          stalled.expectMessageClass(Session.Message.class, Duration.ofSeconds(5)).body());
      reported += overrun.dropped();
      assertEquals(reported, overrun.total(), "each report's total counts every drop so far");
    }
    assertEquals(expectedDropped, reported, "every dropped quote reported, none twice");
  }

  private void emitChunks(int from, int to, TestProbe<Session.Event> fast, Session.Started fastStarted,
                          List<Quote> quotes) {
    for (int chunk = from; chunk < to; chunk++) {
      for (int n = chunk * 100 + 1; n <= chunk * 100 + 100; n++) {
        backend.client.emit("aaausd.spot", n);
      }
      quotes.addAll(receive(fast, fastStarted, 100 - quotes.size() % 100));
    }
  }

  @Test
  void unknownMarketsAndBadParametersAreRefusedAndDatadServesOn() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    List<DatadProtocol.StreamParams> bad = List.of(
        new DatadProtocol.StreamParams(List.of(Fqme.parse("zzzusd.spot.fake")), 0, 0),
        new DatadProtocol.StreamParams(List.of(Fqme.parse("aaausd.spot.other")), 0, 0),
        new DatadProtocol.StreamParams(List.of(), 0, 0),
        new DatadProtocol.StreamParams(List.of(AAA), 5000, 0),
        new DatadProtocol.StreamParams(List.of(AAA), 0, 99_999));
    for (DatadProtocol.StreamParams params : bad) {
      datad.tell(new DaemonProtocol.OpenSession("bad", Endpoint.STREAM_QUOTES.wireName(), TestCookies.hello(),
          params, opener.ref()));
      opener.expectMessageClass(Session.Refused.class);
    }
    datad.tell(new DaemonProtocol.OpenSession("bad", Endpoint.STREAM_QUOTES.wireName(), TestCookies.hello(),
        new Payload.Text("not params"), opener.ref()));
    opener.expectMessageClass(Session.Refused.class);
    open(opener, List.of(AAA), 0, 0);
  }

  @Test
  void aGoneSubscriberIsCleanedUpAndAnIdleFeedStops() {
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    Session.Started started = open(opener, List.of(AAA), 0, 4);
    opener.stop();
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(started.session());
    watcher.awaitAssert(Duration.ofSeconds(3), () -> {
      assertEquals(1, backend.client.closedSubscriptions.get(), "the idle feed closed its subscription");
      return null;
    });
    open(testKit.createTestProbe(), List.of(AAA), 0, 4);
    assertEquals(2, backend.client.subscriptions.get());
  }

  @Test
  void marketInfoComesFromTheLastAnswerWhileTheVenueCannotAnswerButNotForAMarketItNeverGaveOrSaysIsGone() {
    TestProbe<DaemonProtocol.CallResult> caller = testKit.createTestProbe();
    java.util.function.Function<Fqme, DaemonProtocol.CallResult> ask = fqme -> {
      datad.tell(new DaemonProtocol.Call(Endpoint.GET_MKT_INFO.wireName(), TestCookies.hello(),
          new DatadProtocol.MktInfoRequest(fqme), caller.ref()));
      return caller.receiveMessage();
    };
    DatadProtocol.MktInfoReply fresh = (DatadProtocol.MktInfoReply)
        assertInstanceOf(DaemonProtocol.Reply.class, ask.apply(AAA)).result();
    backend.client.mktInfoFailure = RemoteError.of("VenueDisconnected", "the venue is away", "fake");
    DatadProtocol.MktInfoReply last = (DatadProtocol.MktInfoReply)
        assertInstanceOf(DaemonProtocol.Reply.class, ask.apply(AAA)).result();
    assertEquals(fresh.mkt(), last.mkt());
    assertEquals("VenueDisconnected", assertInstanceOf(DaemonProtocol.Failure.class, ask.apply(BBB)).error().type(),
        "no details were ever given for it");
    backend.client.mktInfoFailure = RemoteError.of("UnknownMarket", "delisted", "fake");
    assertEquals("UnknownMarket", assertInstanceOf(DaemonProtocol.Failure.class, ask.apply(AAA)).error().type());
    backend.client.mktInfoFailure = RemoteError.of("VenueDisconnected", "the venue is away", "fake");
    assertEquals("VenueDisconnected", assertInstanceOf(DaemonProtocol.Failure.class, ask.apply(AAA)).error().type(),
        "a market the venue said is gone is not answered from before");
  }

  @Test
  void marketInfoAndSearchComeFromTheBackend() {
    TestProbe<DaemonProtocol.CallResult> caller = testKit.createTestProbe();
    datad.tell(new DaemonProtocol.Call(Endpoint.GET_MKT_INFO.wireName(), TestCookies.hello(),
        new DatadProtocol.MktInfoRequest(AAA), caller.ref()));
    DatadProtocol.MktInfoReply info = (DatadProtocol.MktInfoReply)
        assertInstanceOf(DaemonProtocol.Reply.class, caller.receiveMessage()).result();
    assertEquals(AAA, info.mkt().fqme());

    datad.tell(new DaemonProtocol.Call(Endpoint.OPEN_SYMBOL_SEARCH.wireName(), TestCookies.hello(),
        new DatadProtocol.SearchRequest("bbb", 5), caller.ref()));
    DatadProtocol.SearchReply found = (DatadProtocol.SearchReply)
        assertInstanceOf(DaemonProtocol.Reply.class, caller.receiveMessage()).result();
    assertEquals(BBB, found.matches().get(0).fqme());

    for (Payload bad : List.of(new DatadProtocol.SearchRequest("", 5), new DatadProtocol.SearchRequest("x", 0),
        new DatadProtocol.MktInfoRequest(Fqme.parse("zzzusd.spot.fake")), new Payload.Empty())) {
      datad.tell(new DaemonProtocol.Call(bad instanceof DatadProtocol.SearchRequest
          ? Endpoint.OPEN_SYMBOL_SEARCH.wireName() : Endpoint.GET_MKT_INFO.wireName(), TestCookies.hello(), bad,
          caller.ref()));
      assertInstanceOf(DaemonProtocol.Failure.class, caller.receiveMessage());
    }
    datad.tell(new DaemonProtocol.Call(Endpoint.OPEN_TRADE_DIALOG.wireName(), TestCookies.hello(),
        new Payload.Empty(), caller.ref()));
    assertEquals("EndpointNotExposed",
        assertInstanceOf(DaemonProtocol.Failure.class, caller.receiveMessage()).error().type());
  }
}
