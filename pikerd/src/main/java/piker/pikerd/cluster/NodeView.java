package piker.pikerd.cluster;

import java.util.Set;
import org.apache.pekko.actor.Address;

/**
 * What the placement knows of one cluster member when it chooses a node.
 *
 * @param availability whether it can be asked to start a daemon now, soon, or not
 * @param holdsJournal emsd's journal lives in this node's data dir
 * @param placed       how many daemons the placement has put on it
 */
public record NodeView(Address address, Set<NodeRole> roles, Availability availability, boolean holdsJournal,
                       int placed) {
  /** Where a member stands for the placement. */
  public enum Availability {
    /** Up, reachable, its inbox known: it can be asked to start a daemon now. */
    SERVING,
    /**
     * Joining or up and reachable, its inbox not known yet: the Receptionist's gossip brings it about a second
     * after the node is ready. A request it alone could take waits for it rather than be refused.
     */
    COMING,
    /** Unreachable, leaving, downed, or stopping its daemons for good. */
    AWAY
  }

  public NodeView {
    roles = Set.copyOf(roles);
  }

  public boolean serving() {
    return availability == Availability.SERVING;
  }
}
