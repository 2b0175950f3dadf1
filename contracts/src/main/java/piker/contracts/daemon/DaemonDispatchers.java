package piker.contracts.daemon;

import org.apache.pekko.actor.typed.DispatcherSelector;
import piker.contracts.endpoints.DaemonKind;

/** The dispatcher each kind of daemon runs on (defined in contracts' reference.conf). */
public final class DaemonDispatchers {
  /** One thread for emsd, paperboi and their children: an order's many handoffs cost no wake-ups. */
  public static final String CLEARING = "piker.clearing-dispatcher";
  /** brokerd's own thread (its ledger writes run on writer threads of their own). */
  public static final String BROKERD = "piker.brokerd-dispatcher";

  private DaemonDispatchers() {}

  /** Where a daemon of this kind is spawned; its children stay on it (they spawn with sameAsParent). */
  public static DispatcherSelector of(DaemonKind kind) {
    return switch (kind) {
      case EMSD, PAPERBOI -> DispatcherSelector.fromConfig(CLEARING);
      case BROKERD -> DispatcherSelector.fromConfig(BROKERD);
      default -> DispatcherSelector.defaultDispatcher();
    };
  }
}
