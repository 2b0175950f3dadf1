package piker.pikerd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.spi.BackendCatalog;
import piker.contracts.testkit.TestCookies;
import piker.pikerd.runtime.RegistryAddress;
import piker.pikerd.services.DaemonCatalog;
import piker.pikerd.services.DaemonFactory;
import piker.pikerd.services.ServiceManager;

/**
 * The metrics server over real HTTP on loopback, in front of a real service manager at its well-known path:
 * /health goes red (503) while a daemon is restarting and green (200) once it is up again; /metrics is
 * Prometheus text with the daemon's restarts and the JVM's meters.
 */
class MetricsServerTest {
  private static final ActorTestKit testKit = ActorTestKit.create("MetricsServerTest");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final AtomicBoolean failing = new AtomicBoolean(true);

  @TempDir
  static Path configDir;
  private static ActorRef<ServicesProtocol.Command> services;
  private static ServerBinding binding;

  @BeforeAll
  static void start() throws Exception {
    RuntimeSettings settings = TestCookies.settingsIn(configDir);
    DaemonFactory flaky = DaemonFactory.plain(spec -> DaemonLifetime.create(spec, ctx -> {
      if (failing.get()) {
        throw new IllegalStateException("the venue is not up yet");
      }
      return Behaviors.empty();
    }));
    services = testKit.spawn(ServiceManager.create(settings, new DaemonCatalog(Map.of(DaemonKind.SAMPLERD, flaky),
        BackendCatalog.of()), new ServiceManager.Supervision(Duration.ofMillis(50), Duration.ofMillis(200), 1000)),
        "services");
    binding = MetricsServer.start(testKit.system(), settings, RegistryAddress.parse("127.0.0.1:0"))
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthIsRedWhileADaemonRestartsAndGreenOnceItIsUp() throws Exception {
    HttpResponse<String> empty = get("/health");
    assertEquals(200, empty.statusCode(), empty.body());
    assertEquals("ok", JSON.readTree(empty.body()).get("status").asText());

    services.tell(new ServicesProtocol.MaybeSpawn(TestCookies.hello(), ServiceName.of(DaemonKind.SAMPLERD),
        testKit.createTestProbe(ServicesProtocol.SpawnReply.class).ref()));
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      HttpResponse<String> red = get("/health");
      assertEquals(503, red.statusCode(), red.body());
      JsonNode daemon = JSON.readTree(red.body()).get("daemons").get(0);
      assertEquals("samplerd", daemon.get("name").asText());
      assertEquals("restarting", daemon.get("state").asText());
      assertTrue(daemon.get("error").asText().contains("the venue is not up yet"), red.body());
      assertEquals("failing", JSON.readTree(red.body()).get("status").asText());
      return null;
    });

    failing.set(false);
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      HttpResponse<String> green = get("/health");
      assertEquals(200, green.statusCode(), green.body());
      JsonNode daemon = JSON.readTree(green.body()).get("daemons").get(0);
      assertEquals("up", daemon.get("state").asText());
      assertTrue(daemon.get("restarts").asInt() >= 1, green.body());
      return null;
    });

    HttpResponse<String> metrics = get("/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
    Matcher restarts = Pattern.compile("(?m)^piker_daemon_restarts_total\\{daemon=\"samplerd\"[^}]*} (\\S+)$")
        .matcher(metrics.body());
    assertTrue(restarts.find(), metrics.body());
    assertTrue(Double.parseDouble(restarts.group(1)) >= 1, restarts.group());
    assertTrue(metrics.body().contains("# TYPE jvm_memory_used_bytes gauge"), "the JVM's own meters");
    assertEquals(404, get("/nothing-here").statusCode());
  }
}
