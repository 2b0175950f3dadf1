package piker.pikerd.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.Payload;
import piker.contracts.daemon.DaemonDispatchers;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.StartRefused;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.daemon.Session;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.SpawnReply;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendCatalog;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.BackendRuntime;
import piker.contracts.spi.DataClient;
import piker.contracts.testkit.EchoDaemon;
import piker.contracts.testkit.TestCookies;

class ServiceManagerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ServiceManager.Supervision FAST =
      new ServiceManager.Supervision(Duration.ofMillis(20), Duration.ofMillis(100), 3);
  private static final ServiceName SAMPLERD = ServiceName.of(DaemonKind.SAMPLERD);
  private static final ServiceName EMSD = ServiceName.of(DaemonKind.EMSD);

  @TempDir
  static Path configDir;
  private static RuntimeSettings settings;

  @BeforeAll
  static void cookie() {
    settings = TestCookies.settingsIn(configDir);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static final Backend SIM = new Backend() {
    @Override
    public String name() {
      return "sim";
    }

    @Override
    public Set<Endpoint> endpoints() {
      return EnumSet.of(Endpoint.STREAM_QUOTES);
    }

    @Override
    public java.util.concurrent.CompletionStage<DataClient> openDataClient(BackendContext context) {
      throw new UnsupportedOperationException();
    }
  };

  /** A daemon whose set-up counts its runs and throws while {@code failing} is set. */
  private static DaemonFactory counting(AtomicInteger starts, AtomicBoolean failing) {
    return DaemonFactory.plain(spec -> DaemonLifetime.create(spec, ctx -> {
      starts.incrementAndGet();
      if (failing.get()) {
        throw new IllegalStateException("cannot open the venue");
      }
      return Behaviors.empty();
    }));
  }

  private ActorRef<ServicesProtocol.Command> manager(Map<DaemonKind, DaemonFactory> factories) {
    return testKit.spawn(ServiceManager.create(settings, new DaemonCatalog(factories, BackendCatalog.of(SIM)), FAST));
  }

  private static ServicesProtocol.MaybeSpawn maybeSpawn(ServiceName name, ActorRef<SpawnReply> replyTo) {
    return new ServicesProtocol.MaybeSpawn(TestCookies.hello(), name, replyTo);
  }

  @Test
  void hundredConcurrentRequestsStartTheDaemonOnceAndAllGetTheSameRef() {
    AtomicInteger starts = new AtomicInteger();
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(DaemonKind.SAMPLERD,
        counting(starts, new AtomicBoolean())));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    IntStream.range(0, 100).parallel().forEach(i -> manager.tell(maybeSpawn(SAMPLERD, replies.ref())));
    List<SpawnReply> answers = replies.receiveSeveralMessages(100);
    Set<ActorRef<DaemonProtocol.Command>> refs = new java.util.HashSet<>();
    for (SpawnReply answer : answers) {
      refs.add(assertInstanceOf(ServicesProtocol.Spawned.class, answer).ref());
    }
    assertEquals(1, refs.size(), "every waiter gets the same ref");
    assertEquals(1, starts.get(), "the daemon started exactly once");
  }

  @Test
  void aFailingStartFailsEveryWaiterAndALaterRequestSucceeds() {
    AtomicInteger starts = new AtomicInteger();
    AtomicBoolean failing = new AtomicBoolean(true);
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(DaemonKind.SAMPLERD, counting(starts, failing)));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    IntStream.range(0, 100).parallel().forEach(i -> manager.tell(maybeSpawn(SAMPLERD, replies.ref())));
    for (SpawnReply answer : replies.receiveSeveralMessages(100)) {
      ServicesProtocol.SpawnFailed failed = assertInstanceOf(ServicesProtocol.SpawnFailed.class, answer);
      assertTrue(failed.error().message().contains("cannot open the venue")
          || failed.error().type().equals("DaemonStopped"), failed.error().toString());
    }
    failing.set(false);
    manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
  }

  @Test
  void aDaemonThatThrowsAtStartIsRestartedWithBackoffAndReported() {
    AtomicInteger starts = new AtomicInteger();
    DaemonFactory flaky = DaemonFactory.plain(spec -> DaemonLifetime.create(spec, ctx -> {
      if (starts.incrementAndGet() <= 2) {
        throw new IllegalStateException("venue not ready yet");
      }
      return Behaviors.empty();
    }));
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(DaemonKind.SAMPLERD, flaky));
    TestProbe<SpawnReply> first = testKit.createTestProbe();
    LoggingTestKit.error("samplerd failed to start (attempt 2 of 4)").expect(testKit.system(), () -> {
      manager.tell(maybeSpawn(SAMPLERD, first.ref()));
      assertInstanceOf(ServicesProtocol.SpawnFailed.class, first.receiveMessage());
      return null;
    });
    TestProbe<ServicesProtocol.Listing> listing = testKit.createTestProbe();
    listing.awaitAssert(() -> {
      manager.tell(new ServicesProtocol.ListServices(TestCookies.hello(), listing.ref()));
      ServicesProtocol.ServiceInfo samplerd = listing.receiveMessage().services().stream()
          .filter(info -> info.name().equals("samplerd")).findFirst().orElseThrow();
      assertEquals(2, samplerd.restarts());
      return null;
    });
    TestProbe<SpawnReply> later = testKit.createTestProbe();
    manager.tell(maybeSpawn(SAMPLERD, later.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, later.receiveMessage());
    assertEquals(3, starts.get());
  }

  @Test
  void aDaemonThatKeepsFailingIsStoppedReportedAndStartedAfreshOnTheNextRequest() {
    AtomicInteger starts = new AtomicInteger();
    AtomicBoolean failing = new AtomicBoolean(true);
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(DaemonKind.SAMPLERD, counting(starts, failing)));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    LoggingTestKit.error("samplerd keeps failing").expect(testKit.system(), () -> {
      manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
      assertInstanceOf(ServicesProtocol.SpawnFailed.class, replies.receiveMessage());
      return null;
    });
    assertEquals(FAST.maxRestarts() + 1, starts.get());
    failing.set(false);
    manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
  }

  @Test
  void aDaemonThatRefusesToStartIsNotRestartedAndTheNextRequestTriesAgain() {
    AtomicInteger starts = new AtomicInteger();
    AtomicBoolean damaged = new AtomicBoolean(true);
    DaemonFactory refusing = DaemonFactory.plain(spec -> DaemonLifetime.create(spec, ctx -> {
      starts.incrementAndGet();
      if (damaged.get()) {
        throw new StartRefused(RemoteError.of("JournalUnreadable", "orders.journal is empty", "emsd"));
      }
      return Behaviors.empty();
    }));
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(DaemonKind.SAMPLERD, refusing));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    LoggingTestKit.error("samplerd refused to start: JournalUnreadable").expect(testKit.system(), () -> {
      manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
      ServicesProtocol.SpawnFailed failed = (ServicesProtocol.SpawnFailed) replies.receiveMessage();
      assertEquals("orders.journal is empty", failed.error().message());
      return null;
    });
    // gone from the table without restarts: a listing never shows it, and nothing retried it meanwhile
    TestProbe<ServicesProtocol.Listing> listing = testKit.createTestProbe();
    listing.awaitAssert(() -> {
      manager.tell(new ServicesProtocol.ListServices(TestCookies.hello(), listing.ref()));
      assertEquals(List.of("pikerd"), listing.receiveMessage().services().stream()
          .map(ServicesProtocol.ServiceInfo::name).toList());
      return null;
    });
    assertEquals(1, starts.get());
    damaged.set(false);
    manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
    assertEquals(2, starts.get());
  }

  @Test
  void aFactoryThatThrowsFailsItsOwnSpawnAndTheManagerServesTheNextRequest() {
    DaemonFactory broken = (spec, config) -> {
      throw new IllegalStateException("the journal folder is not writable");
    };
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(DaemonKind.EMSD, broken,
        DaemonKind.SAMPLERD, counting(new AtomicInteger(), new AtomicBoolean())));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    // one spawn answers all three, or a later request starts a second one once the first has failed
    LoggingTestKit.error("cannot start emsd: the journal folder is not writable").withCheckExcess(false)
        .expect(testKit.system(), () -> {
      IntStream.range(0, 3).forEach(i -> manager.tell(maybeSpawn(EMSD, replies.ref())));
      for (SpawnReply answer : replies.receiveSeveralMessages(3)) {
        ServicesProtocol.SpawnFailed failed = assertInstanceOf(ServicesProtocol.SpawnFailed.class, answer);
        assertEquals("CannotSpawn", failed.error().type());
        assertEquals("cannot start emsd: the journal folder is not writable", failed.error().message());
      }
      return null;
    });
    assertStillServing(manager);
  }

  @Test
  void aBackendRuntimeThatThrowsFailsTheSpawnAndIsTriedAgainOnTheNextRequest() {
    AtomicBoolean failing = new AtomicBoolean(true);
    Backend venueless = new Backend() {
      @Override
      public String name() {
        return "venueless";
      }

      @Override
      public Set<Endpoint> endpoints() {
        return EnumSet.of(Endpoint.STREAM_QUOTES);
      }

      @Override
      public CompletionStage<BackendRuntime> startRuntime(BackendContext context) {
        if (failing.get()) {
          throw new IllegalStateException("the venue's port is taken");
        }
        return CompletableFuture.completedFuture(BackendRuntime.none());
      }

      @Override
      public CompletionStage<DataClient> openDataClient(BackendContext context) {
        throw new UnsupportedOperationException();
      }
    };
    ActorRef<ServicesProtocol.Command> manager = testKit.spawn(ServiceManager.create(settings, new DaemonCatalog(
        Map.of(DaemonKind.DATAD, counting(new AtomicInteger(), new AtomicBoolean()),
            DaemonKind.SAMPLERD, counting(new AtomicInteger(), new AtomicBoolean())),
        BackendCatalog.of(venueless)), FAST));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    ServiceName datad = ServiceName.parse("datad.venueless");
    manager.tell(maybeSpawn(datad, replies.ref()));
    ServicesProtocol.SpawnFailed failed = assertInstanceOf(ServicesProtocol.SpawnFailed.class, replies.receiveMessage());
    assertEquals("cannot start datad.venueless: the venue's port is taken", failed.error().message());
    failing.set(false);
    manager.tell(maybeSpawn(datad, replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
  }

  @Test
  void aBackendThatThrowsWhenAskedForItsEndpointsFailsItsSpawnOnly() {
    Backend broken = new Backend() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public Set<Endpoint> endpoints() {
        throw new AbstractMethodError("built against another SPI");
      }

      @Override
      public CompletionStage<DataClient> openDataClient(BackendContext context) {
        throw new UnsupportedOperationException();
      }
    };
    ActorRef<ServicesProtocol.Command> manager = testKit.spawn(ServiceManager.create(settings, new DaemonCatalog(
        Map.of(DaemonKind.DATAD, counting(new AtomicInteger(), new AtomicBoolean()),
            DaemonKind.SAMPLERD, counting(new AtomicInteger(), new AtomicBoolean())),
        BackendCatalog.of(broken)), FAST));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    manager.tell(maybeSpawn(ServiceName.parse("datad.broken"), replies.ref()));
    assertEquals("cannot start datad.broken: built against another SPI",
        assertInstanceOf(ServicesProtocol.SpawnFailed.class, replies.receiveMessage()).error().message());
    assertStillServing(manager);
  }

  @Test
  void aBadConfTomlFailsEachSpawnThatReadsItNamingTheLineAndAFixedFileWorksAgain(@TempDir Path dir) throws Exception {
    RuntimeSettings own = TestCookies.settingsIn(dir);
    java.util.List<piker.pikerd.config.PikerConfig> configs = new java.util.concurrent.CopyOnWriteArrayList<>();
    DaemonFactory emsd = (spec, config) -> {
      configs.add(config);
      return Behaviors.setup(ctx -> {
        spec.reportTo().tell(new piker.contracts.daemon.DaemonLifecycle.Started(spec.name(), ctx.getSelf()));
        return Behaviors.empty();
      });
    };
    ActorRef<ServicesProtocol.Command> manager = testKit.spawn(ServiceManager.create(own, new DaemonCatalog(Map.of(
        DaemonKind.EMSD, emsd, DaemonKind.SAMPLERD, counting(new AtomicInteger(), new AtomicBoolean()),
        DaemonKind.DATAD, counting(new AtomicInteger(), new AtomicBoolean())), BackendCatalog.of(SIM)), FAST));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    Path conf = dir.resolve("conf.toml");
    for (String bad : new String[] {"[risk]\nmax_order_size = \"big\"\n", "[ems]\njournal_fsync = \"yes\"\n",
        "[risk]\nmax_order_size = 2\n[ems\n", "[risk]\nmax_ordr_size = 1\n"}) {
      Files.writeString(conf, bad);
      for (ServiceName name : List.of(EMSD, ServiceName.parse("datad.sim"))) {
        manager.tell(maybeSpawn(name, replies.ref()));
        ServicesProtocol.SpawnFailed failed = assertInstanceOf(ServicesProtocol.SpawnFailed.class,
            replies.receiveMessage());
        assertEquals("BadConfig", failed.error().type());
        assertTrue(failed.error().message().startsWith("cannot start " + name + ": " + conf + " line "),
            failed.error().message());
      }
    }
    // samplerd reads no conf.toml: it starts while the file is bad
    manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
    assertEquals(List.of(), configs, "no emsd was built from a bad file");

    Files.writeString(conf, "[risk]\nmax_order_size = 2\n");
    manager.tell(maybeSpawn(EMSD, replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
    assertEquals(0, new java.math.BigDecimal("2").compareTo(
        (java.math.BigDecimal) configs.get(0).section("risk").get("max_order_size")));
    manager.tell(maybeSpawn(ServiceName.parse("datad.sim"), replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
  }

  /** The manager lists its daemons and starts another: it survived whatever came before. */
  private void assertStillServing(ActorRef<ServicesProtocol.Command> manager) {
    TestProbe<ServicesProtocol.Listing> listing = testKit.createTestProbe();
    manager.tell(new ServicesProtocol.ListServices(TestCookies.hello(), listing.ref()));
    assertEquals("pikerd", listing.receiveMessage().services().get(0).name());
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
  }

  @Test
  void clientsMayNotStartPaperboiOrBrokerdButEmsdMay() {
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(
        DaemonKind.PAPERBOI, counting(new AtomicInteger(), new AtomicBoolean()),
        DaemonKind.BROKERD, counting(new AtomicInteger(), new AtomicBoolean())));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    for (String name : new String[] {"paperboi.sim", "brokerd.sim"}) {
      manager.tell(maybeSpawn(ServiceName.parse(name), replies.ref()));
      assertEquals("NotAllowed",
          assertInstanceOf(ServicesProtocol.SpawnFailed.class, replies.receiveMessage()).error().type());
    }
    manager.tell(new ServicesProtocol.SpawnInternal(ServiceName.parse("paperboi.sim"), replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
  }

  /** The name of the thread that handled a call, and one that handled a session message, of a daemon. */
  private static List<String> threadsOf(ActorRef<DaemonProtocol.Command> daemon) {
    TestProbe<DaemonProtocol.CallResult> call = testKit.createTestProbe();
    daemon.tell(new DaemonProtocol.Call(EchoDaemon.CALL.wireName(), TestCookies.hello(), new Payload.Text("thread"),
        call.ref()));
    String callThread = ((Payload.Text) assertInstanceOf(DaemonProtocol.Reply.class, call.receiveMessage()).result())
        .text();
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    daemon.tell(new DaemonProtocol.OpenSession("s", EchoDaemon.SESSION.wireName(), TestCookies.hello(),
        new Payload.Text("hi"), opener.ref()));
    Session.Started started = opener.expectMessageClass(Session.Started.class);
    started.session().tell(new Session.Send(new Payload.Text("thread")));
    String sessionThread = ((Payload.Text) opener.expectMessageClass(Session.Message.class).body()).text();
    return List.of(callThread, sessionThread);
  }

  @Test
  void clearingDaemonsAndTheirSessionsRunOnTheClearingThreadOthersOnTheDefaultPool() {
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(DaemonKind.PAPERBOI, DaemonFactory.plain(EchoDaemon::create),
        DaemonKind.SAMPLERD, DaemonFactory.plain(EchoDaemon::create)));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    manager.tell(new ServicesProtocol.SpawnInternal(ServiceName.parse("paperboi.sim"), replies.ref()));
    List<String> clearing = threadsOf(assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage()).ref());
    clearing.forEach(thread -> assertTrue(thread.contains(DaemonDispatchers.CLEARING), thread));
    manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
    List<String> other = threadsOf(assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage()).ref());
    other.forEach(thread -> assertTrue(thread.contains("default-dispatcher"), thread));
  }

  @Test
  void badRequestsGetClearErrors() {
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(DaemonKind.DATAD,
        counting(new AtomicInteger(), new AtomicBoolean())));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    manager.tell(maybeSpawn(ServiceName.parse("datad.sim"), replies.ref()));
    ServicesProtocol.SpawnFailed noClock = assertInstanceOf(ServicesProtocol.SpawnFailed.class, replies.receiveMessage());
    assertTrue(noClock.error().message().contains("cannot run samplerd"), "datad needs samplerd: " + noClock);
    badRequestsGetClearErrorsWith(manager(Map.of(DaemonKind.DATAD, counting(new AtomicInteger(), new AtomicBoolean()),
        DaemonKind.SAMPLERD, counting(new AtomicInteger(), new AtomicBoolean()))));
  }

  /** With datad's dependency, samplerd, in the catalogue. */
  private void badRequestsGetClearErrorsWith(ActorRef<ServicesProtocol.Command> manager) {
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    manager.tell(maybeSpawn(ServiceName.parse("datad.nope"), replies.ref()));
    ServicesProtocol.SpawnFailed unknown = assertInstanceOf(ServicesProtocol.SpawnFailed.class, replies.receiveMessage());
    assertTrue(unknown.error().message().contains("unknown backend 'nope'"), unknown.error().message());

    manager.tell(maybeSpawn(ServiceName.of(DaemonKind.EMSD), replies.ref()));
    ServicesProtocol.SpawnFailed missing = assertInstanceOf(ServicesProtocol.SpawnFailed.class, replies.receiveMessage());
    assertTrue(missing.error().message().contains("cannot run emsd"), missing.error().message());

    manager.tell(new ServicesProtocol.MaybeSpawn(Hello.of("wrong"), ServiceName.parse("datad.sim"), replies.ref()));
    assertEquals("Unauthorized",
        assertInstanceOf(ServicesProtocol.SpawnFailed.class, replies.receiveMessage()).error().type());
    manager.tell(new ServicesProtocol.MaybeSpawn(null, ServiceName.parse("datad.sim"), replies.ref()));
    assertEquals("Unauthorized",
        assertInstanceOf(ServicesProtocol.SpawnFailed.class, replies.receiveMessage()).error().type());

    manager.tell(maybeSpawn(ServiceName.parse("datad.sim"), replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
  }

  @Test
  void cancellingADaemonEndsItsSessionsNamingTheCancellerAndForgetsIt() {
    AtomicInteger spawns = new AtomicInteger();
    DaemonFactory echo = (spec, config) -> {
      spawns.incrementAndGet();
      return EchoDaemon.create(spec);
    };
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(DaemonKind.SAMPLERD, echo));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
    ActorRef<DaemonProtocol.Command> daemon =
        assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage()).ref();
    TestProbe<Session.Event> opener = testKit.createTestProbe();
    daemon.tell(new DaemonProtocol.OpenSession("s", EchoDaemon.SESSION.wireName(), TestCookies.hello(),
        new Payload.Empty(), opener.ref()));
    opener.expectMessageClass(Session.Started.class);

    manager.tell(new ServicesProtocol.CancelService(TestCookies.hello(), SAMPLERD, "the ops desk", replies.ref()));
    Session.Ended ended = opener.expectMessageClass(Session.Ended.class);
    assertEquals("ContextCancelled", ended.error().type());
    assertTrue(ended.error().message().contains("the ops desk"), ended.error().message());
    assertEquals(new ServicesProtocol.Cancelled(SAMPLERD), replies.receiveMessage());
    opener.expectTerminated(daemon);

    TestProbe<ServicesProtocol.Listing> listing = testKit.createTestProbe();
    manager.tell(new ServicesProtocol.ListServices(TestCookies.hello(), listing.ref()));
    assertEquals(List.of("pikerd"), listing.receiveMessage().services().stream()
        .map(ServicesProtocol.ServiceInfo::name).toList());

    manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
    assertEquals(2, spawns.get());
  }

  @Test
  void shutdownStopsTheTreeInReverseDependencyOrder() {
    TestProbe<Payload> stops = testKit.createTestProbe();
    DaemonFactory recording = DaemonFactory.plain(spec -> DaemonLifetime.create(spec, ctx -> stopsReported(spec,
        stops.ref())));
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(DaemonKind.SAMPLERD, recording,
        DaemonKind.DATAD, recording, DaemonKind.EMSD, recording, DaemonKind.PAPERBOI, recording));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    for (String name : new String[] {"samplerd", "datad.sim", "emsd"}) {
      manager.tell(maybeSpawn(ServiceName.parse(name), replies.ref()));
      assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());
    }
    manager.tell(new ServicesProtocol.SpawnInternal(ServiceName.parse("paperboi.sim"), replies.ref()));
    assertInstanceOf(ServicesProtocol.Spawned.class, replies.receiveMessage());

    TestProbe<Done> done = testKit.createTestProbe();
    manager.tell(new ServiceManager.ShutdownAll(done.ref()));
    List<Payload> order = stops.receiveSeveralMessages(4);
    assertEquals(List.of("paperboi.sim", "emsd", "datad.sim", "samplerd"),
        order.stream().map(p -> ((Payload.Text) p).text()).toList());
    done.expectMessage(Done.getInstance());
    manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
    assertEquals("ShuttingDown",
        assertInstanceOf(ServicesProtocol.SpawnFailed.class, replies.receiveMessage()).error().type());
  }

  private static Behavior<DaemonProtocol.Command> stopsReported(DaemonSpec spec, ActorRef<Payload> stops) {
    return Behaviors.receive(DaemonProtocol.Command.class)
        .onMessage(DaemonProtocol.Stop.class, stop -> {
          stops.tell(new Payload.Text(spec.name().toString()));
          return Behaviors.stopped();
        })
        .build();
  }

  /** A daemon that throws when told to: a failure while serving, which its supervisor restarts. */
  private record Crash() implements DaemonProtocol.Command, piker.contracts.LocalOnly {}

  private static final class Crashing extends piker.contracts.daemon.DaemonBase {
    Crashing(org.apache.pekko.actor.typed.javadsl.ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec) {
      super(ctx, spec, Set.of());
    }

    @Override
    protected org.apache.pekko.actor.typed.javadsl.ReceiveBuilder<DaemonProtocol.Command> receive(
        org.apache.pekko.actor.typed.javadsl.ReceiveBuilder<DaemonProtocol.Command> builder) {
      return builder.onMessage(Crash.class, crash -> {
        throw new IllegalStateException("crash requested");
      });
    }
  }

  private static ServicesProtocol.HealthReport health(ActorRef<ServicesProtocol.Command> manager) {
    TestProbe<ServicesProtocol.HealthReport> reports = testKit.createTestProbe();
    manager.tell(new ServicesProtocol.GetHealth(TestCookies.hello(), reports.ref()));
    return reports.receiveMessage();
  }

  @Test
  void aDaemonThatFailsWhileServingIsUpAgainWithOneRestartCountedOnceInHealthAndMetrics() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    piker.contracts.metrics.Metrics.publishTo(testKit.system(), meters);
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of(DaemonKind.SAMPLERD,
        DaemonFactory.plain(spec -> DaemonLifetime.create(spec, ctx -> new Crashing(ctx, spec)))));
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    manager.tell(maybeSpawn(SAMPLERD, replies.ref()));
    ActorRef<DaemonProtocol.Command> daemon = assertInstanceOf(ServicesProtocol.Spawned.class,
        replies.receiveMessage()).ref();
    assertEquals("up", health(manager).daemons().get(0).state());
    daemon.tell(new Crash());
    replies.awaitAssert(() -> {
      ServicesProtocol.DaemonHealth samplerd = health(manager).daemons().get(0);
      assertEquals("up", samplerd.state());
      assertEquals(1, samplerd.restarts());
      return null;
    });
    assertEquals(1.0, meters.get("piker.daemon.restarts").tag("daemon", "samplerd").counter().count());
    assertTrue(health(manager).ok());
  }

  @Test
  void aNameThisBuildCannotRunIsRefusedAndNeverListedInHealth() {
    ActorRef<ServicesProtocol.Command> manager = manager(Map.of());
    TestProbe<SpawnReply> replies = testKit.createTestProbe();
    manager.tell(maybeSpawn(ServiceName.parse("datad.nosuch"), replies.ref()));
    assertEquals("CannotSpawn", assertInstanceOf(ServicesProtocol.SpawnFailed.class, replies.receiveMessage())
        .error().type());
    ServicesProtocol.HealthReport report = health(manager);
    assertEquals(List.of(), report.daemons());
    assertTrue(report.ok());
  }
}
