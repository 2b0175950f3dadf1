package piker.pikerd.cluster;

import java.util.Set;
import org.apache.pekko.actor.Address;

/**
 * What the placement knows of one cluster member when it chooses a node.
 *
 * @param serving      Up and reachable: it can be asked to start a daemon now
 * @param holdsJournal emsd's journal lives in this node's data dir
 * @param placed       how many daemons the placement has put on it
 */
public record NodeView(Address address, Set<NodeRole> roles, boolean serving, boolean holdsJournal, int placed) {
  public NodeView {
    roles = Set.copyOf(roles);
  }
}
