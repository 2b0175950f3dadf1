package piker.contracts.spi;

import java.util.Map;
import piker.contracts.daemon.RuntimeSettings;

/**
 * What a daemon hands a backend when it opens it: the runtime settings and the backend's own section
 * of conf.toml (never credentials: those come separately, to brokerd only).
 */
public record BackendContext(RuntimeSettings settings, Map<String, Object> config) {
  public BackendContext {
    config = config == null ? Map.of() : Map.copyOf(config);
  }
}
