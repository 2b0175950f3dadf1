package piker.pikerd.services;

import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.pikerd.config.PikerConfig;

/**
 * Builds a daemon's behaviour (its lifetime fixture) from its spec and conf.toml, which the service
 * manager read and checked for this spawn, off its own thread. It may throw: the manager answers the
 * spawn's waiters with the error and carries on.
 */
@FunctionalInterface
public interface DaemonFactory {
  Behavior<DaemonProtocol.Command> create(DaemonSpec spec, PikerConfig config);

  /** Whether the daemon's set-up reads conf.toml; one that does not starts even while the file is bad. */
  default boolean readsConfig() {
    return true;
  }

  /** A daemon that reads no conf.toml. */
  static DaemonFactory plain(Function<DaemonSpec, Behavior<DaemonProtocol.Command>> create) {
    return new DaemonFactory() {
      @Override
      public Behavior<DaemonProtocol.Command> create(DaemonSpec spec, PikerConfig config) {
        return create.apply(spec);
      }

      @Override
      public boolean readsConfig() {
        return false;
      }
    };
  }
}
