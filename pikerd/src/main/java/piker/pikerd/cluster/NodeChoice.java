package piker.pikerd.cluster;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Address;
import piker.contracts.endpoints.DaemonKind;
import piker.pikerd.cluster.NodeView.Availability;

/**
 * Where a daemon goes: a pure function of the daemon's kind, the node that asked and what is known of
 * the cluster's nodes.
 *
 * <ul>
 *   <li>Only a serving node whose roles admit the kind (a node without roles admits every kind).</li>
 *   <li>The asking node when it qualifies: a daemon's own dependencies stay beside it, and a one-node
 *       cluster behaves exactly as before.</li>
 *   <li>Otherwise the qualifying node with the fewest daemons placed, then the lowest address: stable,
 *       so that tests and operators can predict it.</li>
 *   <li>emsd is pinned to its journal: to the node holding it when one does; refused while a node known to
 *       hold it is away (a fresh emsd elsewhere would forget every resting order); anywhere allowed when no
 *       node has ever held one.</li>
 * </ul>
 */
public final class NodeChoice {
  private static final Map<Availability, String> WORDS = Map.of(Availability.SERVING, "serving",
      Availability.COMING, "joining (not serving yet)", Availability.AWAY, "not serving");

  private NodeChoice() {}

  /**
   * A node, or why none can run the daemon; {@code soon} when a node that could is coming (joining, or up
   * with its inbox not yet known), so that the request is worth holding for a few seconds.
   */
  public record Result(Optional<Address> node, String whyNot, boolean soon) {
    static Result at(Address node) {
      return new Result(Optional.of(node), "", false);
    }

    static Result none(String whyNot) {
      return new Result(Optional.empty(), whyNot, false);
    }

    Result soon(boolean soon) {
      return new Result(node, whyNot, soon);
    }
  }

  /**
   * @param asker          the node the request came from (may be a node that cannot run the kind)
   * @param journalHolders nodes known to hold emsd's journal, serving or not
   */
  public static Result choose(DaemonKind kind, Address asker, List<NodeView> nodes, Set<Address> journalHolders) {
    Result now = choose(kind, asker, nodes, journalHolders, EnumSet.of(Availability.SERVING));
    if (now.node().isPresent() || nodes.stream().noneMatch(node -> node.availability() == Availability.COMING)) {
      return now;
    }
    // would a node on its way take it? then the asker is better served by waiting than by a refusal
    return now.soon(choose(kind, asker, nodes, journalHolders, EnumSet.of(Availability.SERVING,
        Availability.COMING)).node().isPresent());
  }

  private static Result choose(DaemonKind kind, Address asker, List<NodeView> nodes, Set<Address> journalHolders,
                               Set<Availability> usable) {
    List<NodeView> qualified = nodes.stream()
        .filter(node -> usable.contains(node.availability()) && NodeRole.admits(node.roles(), kind)).toList();
    if (kind == DaemonKind.EMSD && !journalHolders.isEmpty()) {
      List<NodeView> holders = qualified.stream().filter(node -> journalHolders.contains(node.address())).toList();
      if (holders.size() > 1) {
        return Result.none("emsd's journal exists on more than one node (" + addresses(holders)
            + "): keep the one whose orders count and move the others away, then ask again");
      }
      if (holders.isEmpty()) {
        return Result.none("emsd is pinned to the node that holds its journal (" + journalHolders.stream()
            .map(Address::toString).sorted().collect(Collectors.joining(", "))
            + ") and no such node serves now with the 'clearing' role; start that node again, or move its journal"
            + " (<data-dir>/emsd) to a clearing node and restart that one");
      }
      return Result.at(holders.get(0).address());
    }
    if (qualified.isEmpty()) {
      String role = NodeRole.neededBy(kind).map(needed -> "with the '" + needed.wireName() + "' role ").orElse("");
      return Result.none("no node " + role + "serves now to run " + kind.wireName() + " (nodes: "
          + (nodes.isEmpty() ? "none" : nodes.stream().map(NodeChoice::describe).collect(Collectors.joining("; ")))
          + ")");
    }
    Optional<NodeView> self = qualified.stream().filter(node -> node.address().equals(asker)).findFirst();
    if (self.isPresent()) {
      return Result.at(asker);
    }
    return Result.at(qualified.stream()
        .min(Comparator.comparingInt(NodeView::placed).thenComparing(node -> node.address().toString()))
        .orElseThrow().address());
  }

  private static String addresses(List<NodeView> nodes) {
    return nodes.stream().map(node -> node.address().toString()).sorted().collect(Collectors.joining(", "));
  }

  private static String describe(NodeView node) {
    return node.address() + " " + WORDS.get(node.availability()) + ", roles "
        + (node.roles().isEmpty() ? "all" : node.roles().stream().map(NodeRole::wireName).sorted()
            .collect(Collectors.joining(",")));
  }
}
