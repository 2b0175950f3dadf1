package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.e2e.support.ChartPictures;
import piker.e2e.support.CliResult;
import piker.e2e.support.Lines;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;
import piker.pikerd.client.ChartClient;
import piker.pikerd.client.EmsConnection;
import piker.pikerd.client.PikerClient;
import piker.pikerd.cluster.Placement;
import piker.pikerd.runtime.RegistryAddress;

/**
 * Three pikerd nodes on one machine, one role each (broker, data, clearing), over a standalone sim venue they
 * share: a client attached to any node reaches every daemon, each daemon runs on a node with its role, and
 * only the broker node holds credentials.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Isolated // it measures a recovery against a time bound: nothing else runs beside it
class ClusterE2ETest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path root;
  private static Process venue;
  private static PikerdProcess broker;
  private static PikerdProcess data;
  private static PikerdProcess clearing;
  /** A second data node, started for the data node's loss. */
  private static PikerdProcess spareData;
  /**
   * The test's own client on the broker node (never killed), for the many reads of what runs and what rests:
   * each `piker` command would start a JVM; the commands themselves are shown where they matter.
   */
  private static PikerClient reader;

  private static Path dir(String node) {
    return root.resolve(node);
  }

  @BeforeAll
  static void startTheCluster() throws Exception {
    Processes.writeConf(dir("venue"), "[sim]\nseed = 42\ntick_rate = 0\n");
    venue = Processes.startPiker("sim", "serve", "--port", "0", "-c", dir("venue").toString());
    String ready = new Lines(venue).next(Duration.ofSeconds(30));
    assertTrue(ready.startsWith("sim venue ready 127.0.0.1:"), ready);
    String conf = "[sim]\nseed = 42\ntick_rate = 0\nvenue = \"" + ready.substring("sim venue ready ".length())
        + "\"\n[sim.accounts]\nmain = \"SIM-001\"\n";
    for (String node : List.of("broker", "data", "clearing")) {
      Processes.writeConf(dir(node), conf);
    }
    broker = Processes.startPikerd(dir("broker"), "127.0.0.1:0", "--roles", "broker");
    Path brokers = dir("broker").resolve("brokers.toml");
    Files.writeString(brokers, "[sim]\napi_key = \"simkey-cluster\"\n");
    Files.setPosixFilePermissions(brokers, PosixFilePermissions.fromString("rw-------"));
    // every node of one cluster shares the first one's cookie
    for (String node : List.of("data", "clearing")) {
      Files.copy(dir("broker").resolve("cookie"), dir(node).resolve("cookie"));
    }
    // a spare data node too, for the data node's loss; all three join at once
    Processes.writeConf(dir("spare-data"), conf);
    Files.copy(dir("broker").resolve("cookie"), dir("spare-data").resolve("cookie"));
    CompletableFuture<PikerdProcess> dataNode = join("data");
    CompletableFuture<PikerdProcess> spareNode = join("spare-data", "data", "127.0.0.1:0");
    clearing = join("clearing").join();
    data = dataNode.join();
    spareData = spareNode.join();
    reader = PikerClient.connect(dir("broker"), RegistryAddress.parse(broker.address()), "WARNING",
        Duration.ofSeconds(30));
  }

  private static CompletableFuture<PikerdProcess> join(String role) {
    return join(role, role, "127.0.0.1:0");
  }

  private static CompletableFuture<PikerdProcess> join(String node, String role, String registry) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Processes.startPikerd(dir(node), registry, "--join", broker.address(), "--roles", role);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @AfterAll
  static void stopTheCluster() throws Exception {
    if (reader != null) {
      reader.close();
    }
    for (PikerdProcess node : new PikerdProcess[] {spareData, clearing, data, broker}) {
      if (node != null) {
        node.close();
      }
    }
    if (venue != null) {
      venue.destroy();
      venue.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private static CliResult piker(PikerdProcess node, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    Path configDir = node == broker ? dir("broker") : node == data ? dir("data") : node == spareData
        ? dir("spare-data") : dir("clearing");
    all.addAll(List.of("-c", configDir.toString(), "--registry", node.address()));
    return Processes.piker(CLI_TIMEOUT, all.toArray(String[]::new));
  }

  private static CliResult ok(PikerdProcess node, String... args) {
    CliResult result = piker(node, args);
    assertEquals(0, result.exitCode(), result.toString());
    return result;
  }

  private static String address(PikerdProcess node) {
    return "pekko://piker@" + node.address();
  }

  /** What the cluster runs, by name (the nodes' pikerd entries under "pikerd@ADDRESS"), as the reader sees it. */
  private static Map<String, ServicesProtocol.ServiceInfo> cluster() {
    Map<String, ServicesProtocol.ServiceInfo> byName = new TreeMap<>();
    for (ServicesProtocol.ServiceInfo service : reader.listServices()) {
      byName.put(service.name().equals("pikerd") ? "pikerd@" + service.address() : service.name(), service);
    }
    return byName;
  }

  /** As {@link #cluster}, through `piker services --json` on {@code node}. */
  private static Map<String, JsonNode> services(PikerdProcess node) throws Exception {
    Map<String, JsonNode> byName = new TreeMap<>();
    for (JsonNode service : JSON.readTree(ok(node, "services", "--json").stdout())) {
      String name = service.get("name").asText();
      byName.put(name.equals("pikerd") ? "pikerd@" + service.get("address").asText() : name, service);
    }
    return byName;
  }

  @Test
  @Order(1)
  void everyNodeListsTheWholeClusterAndOnlyTheBrokerNodeHoldsCredentials() throws Exception {
    for (PikerdProcess node : List.of(broker, data, clearing)) {
      // a node just up may not have told the others where its inbox is yet (the Receptionist's gossip)
      Map<String, JsonNode> services = Processes.awaitAssert(Duration.ofSeconds(10), () -> {
        Map<String, JsonNode> listed = services(node);
        listed.values().forEach(pikerd -> assertEquals("up", pikerd.get("status").asText(), pikerd.toString()));
        return listed;
      });
      assertEquals(Set.of("pikerd@" + address(broker), "pikerd@" + address(data), "pikerd@" + address(clearing),
          "pikerd@" + address(spareData)), services.keySet(), "a fresh cluster runs nothing but its pikerds");
      assertEquals("[\"broker\"]", services.get("pikerd@" + address(broker)).get("roles").toString());
      assertEquals("[\"data\"]", services.get("pikerd@" + address(data)).get("roles").toString());
      assertEquals("[\"data\"]", services.get("pikerd@" + address(spareData)).get("roles").toString());
      assertEquals("[\"clearing\"]", services.get("pikerd@" + address(clearing)).get("roles").toString());
    }
    assertFalse(Files.exists(dir("data").resolve("brokers.toml")), "a data node holds no credentials");
    assertFalse(Files.exists(dir("clearing").resolve("brokers.toml")), "a clearing node holds no credentials");
    assertFalse(Files.exists(dir("spare-data").resolve("brokers.toml")), "a data node holds no credentials");
  }

  @Test
  @Order(2)
  void twentyConcurrentRequestsFromClientsOnEveryNodeStartOneDaemon() throws Exception {
    // samplerd may run on any node and goes to the node asked first: without one table for the cluster,
    // each node would start its own
    int[] counts = {7, 7, 6};
    List<PikerdProcess> nodes = List.of(broker, data, clearing);
    List<PikerClient> clients = new ArrayList<>();
    List<CompletableFuture<ActorRef<DaemonProtocol.Command>>> asks = new ArrayList<>();
    try {
      for (int i = 0; i < nodes.size(); i++) {
        Path configDir = i == 0 ? dir("broker") : i == 1 ? dir("data") : dir("clearing");
        clients.add(PikerClient.connect(configDir, RegistryAddress.parse(nodes.get(i).address()), "WARNING",
            Duration.ofSeconds(30)));
      }
      // every request in flight before any answer: 7, 7 and 6 through the three nodes
      for (int i = 0; i < nodes.size(); i++) {
        for (int n = 0; n < counts[i]; n++) {
          asks.add(clients.get(i).maybeSpawnAsync(ServiceName.parse("samplerd")));
        }
      }
      Set<String> refs = new HashSet<>();
      for (CompletableFuture<ActorRef<DaemonProtocol.Command>> ask : asks) {
        refs.add(ask.get(60, TimeUnit.SECONDS).path().toString());
      }
      assertEquals(20, asks.size());
      assertEquals(1, refs.size(), "one samplerd for every request: " + refs);
    } finally {
      clients.forEach(PikerClient::close);
    }
    long listed = reader.listServices().stream().filter(service -> service.name().equals("samplerd")).count();
    assertEquals(1, listed, "one samplerd in the whole cluster");
  }

  @Test
  @Order(3)
  void aClientCannotUseTheClusterRequestsToStartBrokerd() throws Exception {
    ServiceName brokerd = ServiceName.parse("brokerd.sim");
    try (PikerClient client = PikerClient.connect(dir("broker"), RegistryAddress.parse(broker.address()), "WARNING",
        Duration.ofSeconds(30))) {
      // the placement itself, at its singleton path on the oldest node, claiming to be a daemon's own request:
      // without proof, and with a ref that is no node's inbox as proof
      ActorRef<Placement.Command> placement = ActorRefResolver.get(client.system()).resolveActorRef(
          address(broker) + "/system/singletonManagerplacement/placement");
      ActorRef<ServicesProtocol.NodeCommand> notAnInbox = ActorRefResolver.get(client.system()).resolveActorRef(
          address(broker) + ServicesProtocol.PATH);
      for (ActorRef<ServicesProtocol.NodeCommand> proof : java.util.Arrays.asList(null, notAnInbox)) {
        ServicesProtocol.SpawnReply reply = AskPattern.<Placement.Command, ServicesProtocol.SpawnReply>ask(placement,
            replyTo -> new Placement.Place(client.hello(), brokerd, true, address(broker), proof, replyTo),
            Duration.ofSeconds(20), client.system().scheduler()).toCompletableFuture().get();
        assertTrue(reply instanceof ServicesProtocol.SpawnFailed failed && failed.error().type().equals("NotAllowed"),
            String.valueOf(reply));
      }
      // a node's order to itself, sent to the public service manager: not even understood there
      assertNoAnswer(client, notAnInbox, replyTo -> new ServicesProtocol.SpawnHere(client.hello(), brokerd, replyTo));

      // the inbox itself, found as any process that reaches the port could (Identify through a wildcard):
      // without the cookie, or with the answer bound for a client, an order is ignored
      ActorRef<ServicesProtocol.NodeCommand> inbox = inboxOf(client, broker);
      assertNoAnswer(client, inbox, replyTo -> new ServicesProtocol.SpawnHere(
          new Hello("not-the-cookie", Hello.PROTOCOL_VERSION), brokerd,
          replyTo));
      assertNoAnswer(client, inbox, replyTo -> new ServicesProtocol.SpawnHere(client.hello(), brokerd, replyTo));
      assertFalse(cluster().containsKey("brokerd.sim"), "no brokerd was started");
    }
  }

  /** Asks and expects no answer within 1 s: the request was ignored (an answer takes milliseconds). */
  private static void assertNoAnswer(PikerClient client, ActorRef<ServicesProtocol.NodeCommand> target,
                                     Function<ActorRef<ServicesProtocol.SpawnReply>, ServicesProtocol.NodeCommand> request)
      throws Exception {
    CompletableFuture<ServicesProtocol.SpawnReply> answer = AskPattern.<ServicesProtocol.NodeCommand,
            ServicesProtocol.SpawnReply>ask(target, request::apply, Duration.ofSeconds(1), client.system().scheduler())
        .toCompletableFuture();
    assertTrue(answer.handle((reply, error) -> error != null ? null : reply).get() == null,
        "no answer to a forged cluster request");
  }

  /** A node's inbox, found by asking every child of its service manager who it is. */
  private static ActorRef<ServicesProtocol.NodeCommand> inboxOf(PikerClient client, PikerdProcess node)
      throws Exception {
    LinkedBlockingQueue<ActorIdentity> identities = new LinkedBlockingQueue<>();
    ActorRef<ActorIdentity> collector = client.system().systemActorOf(Behaviors.receiveMessage(identity -> {
      identities.add(identity);
      return Behaviors.same();
    }), "identities", Props.empty());
    Adapter.toClassic(client.system()).actorSelection(address(node) + ServicesProtocol.PATH + "/*")
        .tell(new Identify(1), Adapter.toClassic(collector));
    while (true) {
      ActorIdentity identity = identities.poll(20, TimeUnit.SECONDS);
      assertTrue(identity != null, "no child of " + node.address() + "'s service manager named node-*");
      if (identity.getActorRef().isPresent() && identity.getActorRef().get().path().name().startsWith("node-")) {
        return Adapter.toTyped(identity.getActorRef().get());
      }
    }
  }

  @Test
  @Order(4)
  void quotesBarsAndPaperAndLiveOrdersWorkFromAClientOnAnyNode() throws Exception {
    // asked first through the data node, datad starts there (of two data nodes, the spare is for its loss)
    ok(data, "quote", "btcusdt.spot.sim", "--count", "1", "--json");
    JsonNode quote = JSON.readTree(ok(clearing, "quote", "btcusdt.spot.sim", "--count", "1", "--json").stdout());
    assertEquals("60000.00", quote.get("last").decimalValue().setScale(2).toPlainString(), quote.toString());
    assertTrue(ok(broker, "bars", "btcusdt.spot.sim", "--period", "1s", "--count", "5", "--json").stdout()
        .contains("\"close\""));

    CliResult paper = ok(data, "order", "buy", "btcusdt.spot.sim", "--size", "0.001", "--price", "60100",
        "--oid", "paper-1");
    assertTrue(paper.stdout().lines().anyMatch(line -> line.startsWith("fill ") && line.contains("sim.paper")),
        paper.stdout());

    CliResult live = ok(broker, "order", "buy", "btcusdt.spot.sim", "--size", "0.001", "--price", "60100",
        "--account", "sim.main", "--oid", "live-1");
    assertTrue(live.stdout().lines().anyMatch(line -> line.startsWith("fill ") && line.contains("sim.main")),
        live.stdout());
  }

  @Test
  @Order(5)
  void servicesShowsEachDaemonOnANodeWithItsRoleAndCancelReachesAnyNode() throws Exception {
    Map<String, String> where = new TreeMap<>();
    cluster().forEach((name, service) -> {
      if (!name.startsWith("pikerd@")) {
        where.put(name, service.address());
      }
    });
    String samplerd = where.remove("samplerd");
    assertTrue(Set.of(address(broker), address(data), address(clearing)).contains(samplerd), samplerd);
    assertEquals(Map.of("datad.sim", address(data), "emsd", address(clearing), "paperboi.sim", address(clearing),
        "brokerd.sim", address(broker)), where);

    // cancelled through the clearing node, it stops on the data node; the next request starts it again
    try (PikerClient client = PikerClient.connect(dir("clearing"), RegistryAddress.parse(clearing.address()),
        "WARNING", Duration.ofSeconds(30))) {
      client.cancelService(ServiceName.parse("datad.sim"), "ClusterE2ETest");
    }
    assertFalse(cluster().containsKey("datad.sim"));
    ok(data, "quote", "btcusdt.spot.sim", "--count", "1", "--json");
    assertEquals(address(data), cluster().get("datad.sim").address());
  }

  @Test
  @Order(6)
  void aNodeWithAnotherCookieCannotJoinAndExits3() {
    CliResult result = Processes.piker(CLI_TIMEOUT, "pikerd", "-c", root.resolve("stranger").toString(),
        "--registry", "127.0.0.1:0", "--join", broker.address(), "--roles", "data");
    assertEquals(3, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("cannot join " + broker.address() + ": wrong or missing cookie"),
        result.stderr());
    assertEquals("", result.stdout(), "never ready");
  }

  @Test
  @Order(7)
  void losingTheDataNodeStartsDatadOnAnotherDataNodeWithin10sAndItsSubscribersResume() throws Exception {
    // emsd (on the clearing node) subscribes to datad's quotes for this alert, and a chart client attached to
    // the clearing node to its quotes and bars: both must again after the loss, neither restarted
    ok(broker, "order", "alert", "btcusdt.spot.sim", "--size", "1", "--price", "61000", "--oid", "alert-loss");
    assertTrue(activeOids().contains("alert-loss"), "the alert rests below its price before the loss");
    ChartPictures pictures = new ChartPictures();
    try (ChartClient chart = ChartClient.start(dir("clearing"), RegistryAddress.parse(clearing.address()),
        Fqme.parse("btcusdt.spot.sim"), 1, 20, pictures)) {
      pictures.await(picture -> picture.connected() && !picture.bars().isEmpty(), Duration.ofSeconds(60));
      long killed = System.nanoTime();
      data.process().destroyForcibly();
      String where = Processes.awaitAssert(Duration.ofSeconds(10), () -> {
        String address = reader.listServices().stream().filter(service -> service.name().equals("datad.sim"))
            .map(service -> service.address()).findFirst().orElse("");
        assertEquals(address(spareData), address);
        return address;
      });
      System.err.printf("datad.sim back on %s %d ms after its node was killed%n", where,
          (System.nanoTime() - killed) / 1_000_000);
      // a trade at a price never seen before, pushed into the venue until it has reached both through the new
      // datad: the alert triggers, and the chart draws it
      BigDecimal price = new BigDecimal("61000.50");
      boolean[] drawn = {false};
      Processes.awaitAssert(Duration.ofSeconds(90), () -> {
        ok(broker, "sim", "push", "btcusdt.spot.sim", "trade", price.toPlainString(), "0.1");
        if (!drawn[0]) {
          pictures.await(picture -> picture.connected() && picture.bars().stream()
              .anyMatch(bar -> bar.close().compareTo(price) == 0), Duration.ofSeconds(2));
          drawn[0] = true;
          System.err.printf("the chart draws again %d ms after the kill%n", (System.nanoTime() - killed) / 1_000_000);
        }
        assertFalse(activeOids().contains("alert-loss"), "the alert triggered");
        return null;
      });
    }
  }

  @Test
  @Order(8)
  void losingTheClearingNodeLosesNoRestingOrderWhenItComesBack() throws Exception {
    ok(broker, "order", "buy", "btcusdt.spot.sim", "--size", "0.002", "--price", "59000", "--dark", "--oid", "dark-1");
    ok(data(), "order", "buy", "btcusdt.spot.sim", "--size", "0.003", "--price", "58000", "--oid", "rest-1");
    assertEquals(List.of("dark-1", "rest-1"), activeOids());

    String address = clearing.address();
    clearing.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    clearing.close();
    // the same config dir (its journal) and address, joining through a node that still runs
    clearing = join("clearing", "clearing", address).join();
    // the restarted node's inbox reaches the placement by the Receptionist's gossip about a second after its
    // ready line: the placement holds the request for emsd, pinned to that node, until then (not refused)
    assertEquals(List.of("dark-1", "rest-1"), activeOids(), "the same orders, once each, after kill -9");
    assertEquals(address(clearing), cluster().get("emsd").address(), "emsd is back on its node");
  }

  /** The data node still running: the spare one once the first is gone. */
  private static PikerdProcess data() {
    return spareData != null ? spareData : data;
  }

  /** The active orders' oids, from an emsd dialog of the reader's (what `piker orders` shows). */
  private static List<String> activeOids() {
    try (EmsConnection ems = EmsConnection.open(reader, List.of(), event -> { }, Duration.ofSeconds(30))) {
      List<String> oids = new ArrayList<>();
      ems.started().active().forEach(order -> oids.add(order.oid()));
      oids.sort(null);
      return oids;
    }
  }
}
