package piker.pikerd.services;

import org.apache.pekko.actor.typed.Behavior;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;

/** Builds a daemon's behaviour (its lifetime fixture) from its spec. */
@FunctionalInterface
public interface DaemonFactory {
  Behavior<DaemonProtocol.Command> create(DaemonSpec spec);
}
