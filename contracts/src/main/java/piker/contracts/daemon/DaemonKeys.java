package piker.contracts.daemon;

import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/** Receptionist keys under which discoverable daemons register. */
public final class DaemonKeys {
  /** Every discoverable daemon, for listings; the actor's name is its service name. */
  public static final ServiceKey<DaemonProtocol.Command> ALL =
      ServiceKey.create(DaemonProtocol.Command.class, "piker-daemons");

  private DaemonKeys() {}
}
