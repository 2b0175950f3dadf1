package piker.contracts.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.LocalOnly;
import piker.contracts.daemon.DaemonLifecycle;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.testkit.Markets;
import piker.contracts.testkit.ScriptedDatad;
import piker.contracts.testkit.StubServices;
import piker.contracts.testkit.TestCookies;

/** MarketFeeds inside a stand-in owner actor, against a scripted datad found through stub services. */
class MarketFeedsTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final ServiceName DATAD = ServiceName.of(DaemonKind.DATAD, "sim");
  private static final Fqme UNKNOWN = Fqme.parse("nosuch.spot.sim");
  private static final Duration REOPEN = Duration.ofMillis(100);

  @TempDir
  Path dir;
  private RuntimeSettings settings;
  private StubServices stub;
  private ActorRef<ServicesProtocol.Command> services;
  private final TestProbe<MarketFeeds.Update> updates = kit.createTestProbe();

  /** The owner's side: opens and closes markets on request, routes MarketFeeds' messages, reports its updates. */
  private record Open(Fqme fqme) implements DaemonProtocol.Command, LocalOnly {}

  private record Close(Fqme fqme) implements DaemonProtocol.Command, LocalOnly {}

  private static final class Owner extends AbstractBehavior<DaemonProtocol.Command> {
    private final MarketFeeds feeds;
    private final ActorRef<MarketFeeds.Update> report;

    Owner(ActorContext<DaemonProtocol.Command> ctx, Optional<ActorRef<ServicesProtocol.Command>> services,
          ActorRef<MarketFeeds.Update> report) {
      super(ctx);
      this.feeds = new MarketFeeds(ctx, TestCookies.hello(), services, "owner", REOPEN);
      this.report = report;
    }

    @Override
    public Receive<DaemonProtocol.Command> createReceive() {
      return newReceiveBuilder()
          .onMessage(Open.class, open -> {
            feeds.open(open.fqme());
            return this;
          })
          .onMessage(Close.class, close -> {
            feeds.close(close.fqme());
            return this;
          })
          .onMessage(MarketFeeds.Message.class, message -> {
            feeds.onMessage(message).forEach(report::tell);
            return this;
          })
          .build();
    }
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    settings = TestCookies.settingsIn(dir);
    stub = new StubServices();
    services = kit.spawn(stub.behavior());
  }

  private ActorRef<DaemonProtocol.Command> datad() {
    TestProbe<DaemonLifecycle.Event> lifecycle = kit.createTestProbe();
    ActorRef<DaemonProtocol.Command> datad = kit.spawn(ScriptedDatad.create(
        new DaemonSpec(DATAD, settings, lifecycle.ref(), false),
        List.of(Markets.BTC_MKT), List.of(Markets.startup("60000", "59999.99", "60000.01"))));
    stub.register(DATAD, datad);
    return datad;
  }

  private ActorRef<DaemonProtocol.Command> owner(Optional<ActorRef<ServicesProtocol.Command>> services) {
    return kit.spawn(Behaviors.<DaemonProtocol.Command>setup(ctx -> new Owner(ctx, services, updates.ref())));
  }

  private MarketFeeds.Ready expectReady() {
    MarketFeeds.Ready ready = updates.expectMessageClass(MarketFeeds.Ready.class);
    assertEquals(Markets.BTC_MKT, ready.mkt());
    return ready;
  }

  @Test
  void aMarketIsReadyWithItsDetailsAndStartupQuoteThenGetsEveryQuote() {
    ActorRef<DaemonProtocol.Command> datad = datad();
    ActorRef<DaemonProtocol.Command> owner = owner(Optional.of(services));
    owner.tell(new Open(Markets.BTC));
    owner.tell(new Open(Markets.BTC));

    MarketFeeds.Ready ready = expectReady();
    assertEquals("59999.99", ready.startup().bid().toPlainString());
    Quote tick = Markets.tick("ask", "60000.02");
    datad.tell(new ScriptedDatad.Push(tick));
    MarketFeeds.Quotes quotes = updates.expectMessageClass(MarketFeeds.Quotes.class);
    assertEquals(List.of(tick), quotes.quotes());
    // the second open found the feed on its way: one feed, one datad lookup
    Quote next = Markets.tick("bid", "59999.98");
    datad.tell(new ScriptedDatad.Push(next));
    assertEquals(List.of(next), updates.expectMessageClass(MarketFeeds.Quotes.class).quotes());
    assertEquals(1, stub.requestsFor(DATAD));
    // datad's word of trouble with the stream reaches the owner, which may hold what would trade on stale quotes
    datad.tell(new ScriptedDatad.Notice(Markets.BTC, piker.contracts.RemoteError.of("VenueDisconnected",
        "the venue link dropped", "scripted")));
    MarketFeeds.Troubled troubled = updates.expectMessageClass(MarketFeeds.Troubled.class);
    assertEquals("VenueDisconnected", troubled.error().type());
  }

  @Test
  void marketsThatNeverBecomeReadyFailAndAreForgotten() {
    datad();
    ActorRef<DaemonProtocol.Command> owner = owner(Optional.of(services));
    owner.tell(new Open(UNKNOWN));
    owner.tell(new Open(Markets.BTC));

    // both wait for the one datad lookup; then each goes its own way
    List<MarketFeeds.Update> got = List.of(updates.receiveMessage(), updates.receiveMessage());
    MarketFeeds.Failed failed = got.stream().filter(MarketFeeds.Failed.class::isInstance)
        .map(MarketFeeds.Failed.class::cast).findFirst().orElseThrow();
    assertEquals(UNKNOWN, failed.fqme());
    assertEquals("UnknownMarket", failed.error().type());
    assertTrue(got.stream().anyMatch(update -> update instanceof MarketFeeds.Ready r && r.fqme().equals(Markets.BTC)));
    assertEquals(1, stub.requestsFor(DATAD));

    // forgotten: a later open tries again
    owner.tell(new Open(UNKNOWN));
    assertEquals(UNKNOWN, updates.expectMessageClass(MarketFeeds.Failed.class).fqme());
  }

  @Test
  void noDatadFailsEveryWaitingMarketWithTheServiceManagersReason() {
    ActorRef<DaemonProtocol.Command> owner = owner(Optional.of(services));
    owner.tell(new Open(Markets.BTC));
    MarketFeeds.Failed failed = updates.expectMessageClass(MarketFeeds.Failed.class);
    assertEquals("CannotSpawn", failed.error().type());
    assertEquals(1, stub.requestsFor(DATAD));

    // datad can start now: the next open asks again
    datad();
    owner.tell(new Open(Markets.BTC));
    expectReady();
    assertEquals(2, stub.requestsFor(DATAD));
  }

  @Test
  void withoutAServiceManagerMarketsFail() {
    ActorRef<DaemonProtocol.Command> owner = owner(Optional.empty());
    owner.tell(new Open(Markets.BTC));
    assertEquals("NoDatad", updates.expectMessageClass(MarketFeeds.Failed.class).error().type());
  }

  @Test
  void aFeedWhoseDatadDiesWithoutAWordIsLost() {
    // a datad on a node killed with -9 never ends its sessions: the feed must notice by itself
    for (boolean sessionAlone : new boolean[] {false, true}) {
      TestProbe<DaemonProtocol.Command> datad = kit.createTestProbe();
      TestProbe<piker.contracts.daemon.Session.Input> session = kit.createTestProbe();
      TestProbe<QuoteFeed.Event> parent = kit.createTestProbe();
      kit.spawn(QuoteFeed.create(datad.ref(), TestCookies.hello(), Markets.BTC, parent.ref()));
      datad.expectMessageClass(DaemonProtocol.Call.class).replyTo()
          .tell(new DaemonProtocol.Reply(new DatadProtocol.MktInfoReply(Markets.BTC_MKT)));
      DaemonProtocol.OpenSession open = datad.expectMessageClass(DaemonProtocol.OpenSession.class);
      open.opener().tell(new piker.contracts.daemon.Session.Started(open.sessionId(),
          new DatadProtocol.StreamStarted(List.of()), session.ref()));
      parent.expectMessageClass(QuoteFeed.Ready.class);
      if (sessionAlone) {
        session.stop();
      } else {
        datad.stop();
      }
      QuoteFeed.Lost lost = parent.expectMessageClass(QuoteFeed.Lost.class);
      assertEquals("SessionLost", lost.error().type());
    }
  }

  @Test
  void aLostFeedReopensThroughANewDatadWhileTheMarketIsWanted() {
    ActorRef<DaemonProtocol.Command> first = datad();
    ActorRef<DaemonProtocol.Command> owner = owner(Optional.of(services));
    owner.tell(new Open(Markets.BTC));
    expectReady();

    ActorRef<DaemonProtocol.Command> second = datad();
    kit.stop(first);
    assertEquals(Markets.BTC, updates.expectMessageClass(MarketFeeds.Lost.class).fqme());
    // the stopped datad was watched and forgotten: the reopen finds the new one
    expectReady();
    assertEquals(2, stub.requestsFor(DATAD));
    Quote tick = Markets.tick("trade", "60001");
    second.tell(new ScriptedDatad.Push(tick));
    assertEquals(List.of(tick), updates.expectMessageClass(MarketFeeds.Quotes.class).quotes());
  }

  @Test
  void aClosedMarketsFeedDeliversNothingMoreAndItsNextFeedStartsAfterIt() {
    ActorRef<DaemonProtocol.Command> datad = datad();
    ActorRef<DaemonProtocol.Command> owner = owner(Optional.of(services));
    owner.tell(new Open(Markets.BTC));
    expectReady();

    owner.tell(new Close(Markets.BTC));
    Quote unseen = Markets.tick("ask", "60000.03");
    datad.tell(new ScriptedDatad.Push(unseen));
    owner.tell(new Open(Markets.BTC));
    // the closed feed's quote is dropped: the next update is the new feed's start, which datad began with it
    assertEquals(unseen, expectReady().startup());
    Quote one = Markets.tick("ask", "60000.04");
    datad.tell(new ScriptedDatad.Push(one));
    // the quote once: one feed runs (a second would deliver it again; two pushed quotes may be conflated
    // by the feed's credit, so one is pushed)
    assertEquals(List.of(one), updates.expectMessageClass(MarketFeeds.Quotes.class).quotes());
    updates.expectNoMessage(java.time.Duration.ofMillis(300));
    assertEquals(1, stub.requestsFor(DATAD));
  }
}
