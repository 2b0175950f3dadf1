package piker.contracts.spi;

import java.util.Map;

/**
 * What a backend runs for as long as any of its daemons may need it, started by pikerd on the
 * backend's first use and closed after its daemons have stopped (the sim backend's embedded venue).
 */
public interface BackendRuntime extends AutoCloseable {

  /** Spawn options the backend's daemons get on top of its conf.toml section. */
  Map<String, Object> options();

  @Override
  void close();

  static BackendRuntime none() {
    return new BackendRuntime() {
      @Override
      public Map<String, Object> options() {
        return Map.of();
      }

      @Override
      public void close() {}
    };
  }
}
