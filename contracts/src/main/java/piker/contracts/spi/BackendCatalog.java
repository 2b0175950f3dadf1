package piker.contracts.spi;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The installed backends, found with {@link ServiceLoader}; one instance per owner, never static. */
public final class BackendCatalog {
  private final Map<String, Backend> byName;

  private BackendCatalog(Map<String, Backend> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  public static BackendCatalog load(ClassLoader loader) {
    Map<String, Backend> found = new TreeMap<>();
    for (Backend backend : ServiceLoader.load(Backend.class, loader)) {
      Backend previous = found.putIfAbsent(backend.name(), backend);
      if (previous != null) {
        throw new IllegalStateException("two backends are named '" + backend.name() + "': "
            + previous.getClass().getName() + " and " + backend.getClass().getName());
      }
    }
    return new BackendCatalog(found);
  }

  public static BackendCatalog of(Backend... backends) {
    Map<String, Backend> found = new TreeMap<>();
    for (Backend backend : backends) {
      found.put(backend.name(), backend);
    }
    return new BackendCatalog(found);
  }

  public Optional<Backend> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Sorted by name. */
  public Map<String, Backend> all() {
    return byName;
  }
}
