package piker.contracts.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * One meter registry per actor system, for every daemon in it: datad's quotes, emsd's orders and journal,
 * the venue clients' reconnects, the service manager's restarts. It is a composite with no registry of its
 * own, so meters cost next to nothing until pikerd is run with {@code --metrics}, which adds the Prometheus
 * registry it serves. Meters are looked up once and kept by whoever records them (hot paths hold a
 * {@code Counter}, never a name).
 */
public final class Metrics implements Extension {
  private static final ExtensionId<Metrics> ID = new ExtensionId<>() {
    @Override
    public Metrics createExtension(ActorSystem<?> system) {
      return new Metrics();
    }
  };

  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

  private Metrics() {}

  /** The registry every meter of {@code system} belongs to. */
  public static MeterRegistry registry(ActorSystem<?> system) {
    return system.registerExtension(ID).registry;
  }

  /** Adds a registry that publishes (Prometheus, or a test's simple registry): meters made before it join it too. */
  public static void publishTo(ActorSystem<?> system, MeterRegistry publisher) {
    system.registerExtension(ID).registry.add(publisher);
  }
}
