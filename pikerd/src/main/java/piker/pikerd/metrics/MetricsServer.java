package piker.pikerd.metrics;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import piker.contracts.RemoteError;
import piker.contracts.daemon.HelloGate;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.metrics.Metrics;
import piker.contracts.pikerd.ServicesProtocol;
import piker.contracts.pikerd.ServicesProtocol.HealthReport;
import piker.pikerd.runtime.RegistryAddress;

/**
 * {@code piker pikerd --metrics HOST:PORT}: Prometheus text at {@code /metrics} (written by Micrometer's
 * Prometheus registry, joined to the node's {@link Metrics} registry, with the JVM's own meters) and this
 * node's health as JSON at {@code /health} (200 while every daemon is up or starting, 503 while one is
 * restarting or has failed). Served by Pekko HTTP on pikerd's own actor system: a scrape renders from
 * memory and a health check asks the service manager, neither blocks a thread.
 */
public final class MetricsServer {
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

  private MetricsServer() {}

  /** Binds the server; the stage fails when the address cannot be bound. It unbinds as pikerd stops. */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, RuntimeSettings settings,
                                                     RegistryAddress at) {
    PrometheusMeterRegistry prometheus = recordInto(system);
    ActorRef<ServicesProtocol.Command> services = ActorRefResolver.get(system)
        .resolveActorRef(system.address() + ServicesProtocol.PATH);
    HelloGate gate = new HelloGate(settings);
    Route route = concat(
        path("metrics", () -> get(() -> complete(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8,
            prometheus.scrape())))),
        path("health", () -> get(() -> completeWithFuture(health(system, services, gate)))));
    CompletionStage<ServerBinding> bound = Http.get(system).newServerAt(at.host(), at.port()).bind(route);
    return bound.thenApply(binding -> {
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "unbind-metrics",
          () -> binding.unbind().thenApply(unbound -> Done.getInstance()));
      return binding;
    });
  }

  /**
   * A Prometheus registry that every meter of {@code system} (and the JVM-wide venue meters and the JVM's own)
   * records into from now on, as {@code --metrics} makes them; {@code piker bench … --metrics} uses it to
   * measure what recording costs. It leaves the global registry as {@code system} terminates.
   */
  public static PrometheusMeterRegistry recordInto(ActorSystem<?> system) {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(prometheus);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(prometheus);
    new JvmThreadMetrics().bindTo(prometheus);
    new ClassLoaderMetrics().bindTo(prometheus);
    new ProcessorMetrics().bindTo(prometheus);
    new UptimeMetrics().bindTo(prometheus);
    new FileDescriptorMetrics().bindTo(prometheus);
    Metrics.publishTo(system, prometheus);
    // the venue clients' meters are JVM-wide (VenueMeters): Micrometer's global registry holds them
    io.micrometer.core.instrument.Metrics.addRegistry(prometheus);
    system.getWhenTerminated().thenRun(() -> {
      io.micrometer.core.instrument.Metrics.removeRegistry(prometheus);
      gc.close();
    });
    return prometheus;
  }

  private static CompletionStage<HttpResponse> health(ActorSystem<?> system,
                                                      ActorRef<ServicesProtocol.Command> services, HelloGate gate) {
    return AskPattern.<ServicesProtocol.Command, HealthReport>ask(services,
            replyTo -> new ServicesProtocol.GetHealth(gate.hello(), replyTo), HEALTH_TIMEOUT, system.scheduler())
        .handle((report, error) -> {
          HealthReport shown = report != null ? report : new HealthReport(String.valueOf(system.address()),
              HealthReport.FAILING, java.util.List.of(), RemoteError.of("Timeout",
                  "the service manager did not answer within " + HEALTH_TIMEOUT.toSeconds() + " s", "metrics"));
          return HttpResponse.create().withStatus(shown.ok() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE)
              .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, HealthJson.write(shown)));
        });
  }
}
