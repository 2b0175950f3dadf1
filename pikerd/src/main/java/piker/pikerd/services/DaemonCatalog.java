package piker.pikerd.services;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import piker.brokerd.Brokerd;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.EndpointTable;
import piker.contracts.names.ServiceName;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendCatalog;
import piker.datad.Datad;
import piker.emsd.Emsd;
import piker.paperboi.Paperboi;
import piker.pikerd.config.EmsConfig;
import piker.pikerd.config.PikerConfig;
import piker.samplerd.Samplerd;

/**
 * Which daemon kinds this build can run and how to build them; per-broker kinds also need an
 * installed backend that the endpoint table allows to run them.
 */
public final class DaemonCatalog {
  private final Map<DaemonKind, DaemonFactory> factories;
  private final BackendCatalog backends;

  public DaemonCatalog(Map<DaemonKind, DaemonFactory> factories, BackendCatalog backends) {
    this.factories = Map.copyOf(factories);
    this.backends = backends;
  }

  /** The daemons of this build, with the backends found on the class path. */
  public static DaemonCatalog standard(BackendCatalog backends) {
    Map<DaemonKind, DaemonFactory> factories = new EnumMap<>(DaemonKind.class);
    factories.put(DaemonKind.SAMPLERD, DaemonFactory.plain(Samplerd::create));
    // per-broker daemons get their backend's checked conf.toml section in spec.options()
    factories.put(DaemonKind.DATAD, DaemonFactory.plain(spec ->
        Datad.create(spec, backends.find(spec.name().broker()).orElseThrow())));
    factories.put(DaemonKind.EMSD, (spec, config) -> Emsd.create(spec,
        EmsConfig.from(config, backends.all().keySet(), JournalStore.of(spec.settings()))));
    factories.put(DaemonKind.PAPERBOI, DaemonFactory.plain(Paperboi::create));
    factories.put(DaemonKind.BROKERD, DaemonFactory.plain(spec ->
        Brokerd.create(spec, backends.find(spec.name().broker()).orElseThrow(), System.getenv())));
    return new DaemonCatalog(factories, backends);
  }

  public BackendCatalog backends() {
    return backends;
  }

  /** conf.toml checked against this build's backends; file I/O, so never on an actor's thread. */
  public PikerConfig readConfig(Path configDir) {
    return PikerConfig.read(configDir, backends);
  }

  /** The factory for {@code name}, or why it cannot be started. */
  public Result factoryFor(ServiceName name) {
    DaemonFactory factory = factories.get(name.kind());
    if (factory == null) {
      return new Result(Optional.empty(), "this build of pikerd cannot run " + name.kind().wireName() + " daemons yet");
    }
    if (name.kind().perBroker()) {
      Optional<Backend> backend = backends.find(name.broker());
      if (backend.isEmpty()) {
        return new Result(Optional.empty(), "unknown backend '" + name.broker() + "'; installed: "
            + String.join(", ", backends.all().keySet()));
      }
      if (EndpointTable.backendDriven(name.kind()) && EndpointTable.endpoints(backend.get(), name.kind()).isEmpty()) {
        return new Result(Optional.empty(), "backend '" + name.broker() + "' implements no "
            + name.kind().wireName() + " endpoint");
      }
    }
    return new Result(Optional.of(factory), "");
  }

  /** A factory, or the reason there is none. */
  public record Result(Optional<DaemonFactory> factory, String whyNot) {}
}
