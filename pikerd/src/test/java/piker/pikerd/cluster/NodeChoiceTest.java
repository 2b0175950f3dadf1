package piker.pikerd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;
import piker.contracts.endpoints.DaemonKind;
import piker.pikerd.cluster.NodeView.Availability;

class NodeChoiceTest {
  private static final Address A = node(7001);
  private static final Address B = node(7002);
  private static final Address C = node(7003);

  private static Address node(int port) {
    return new Address("pekko", "piker", "127.0.0.1", port);
  }

  private static NodeView view(Address address, Set<NodeRole> roles, int placed) {
    return new NodeView(address, roles, Availability.SERVING, false, placed);
  }

  private static Optional<Address> choose(DaemonKind kind, Address asker, List<NodeView> nodes, Set<Address> journals) {
    return NodeChoice.choose(kind, asker, nodes, journals).node();
  }

  @Test
  void aLoneNodeWithoutRolesRunsEveryKindAsBefore() {
    List<NodeView> one = List.of(view(A, Set.of(), 0));
    for (DaemonKind kind : EnumSet.complementOf(EnumSet.of(DaemonKind.PIKERD))) {
      assertEquals(Optional.of(A), choose(kind, A, one, Set.of()), kind.toString());
    }
  }

  @Test
  void eachKindGoesToANodeWithItsRole() {
    List<NodeView> nodes = List.of(view(A, Set.of(NodeRole.BROKER), 0), view(B, Set.of(NodeRole.DATA), 0),
        view(C, Set.of(NodeRole.CLEARING), 0));
    assertEquals(Optional.of(B), choose(DaemonKind.DATAD, A, nodes, Set.of()));
    assertEquals(Optional.of(C), choose(DaemonKind.EMSD, A, nodes, Set.of()));
    assertEquals(Optional.of(C), choose(DaemonKind.PAPERBOI, B, nodes, Set.of()));
    assertEquals(Optional.of(A), choose(DaemonKind.BROKERD, C, nodes, Set.of()));
  }

  @Test
  void samplerdStaysBesideTheNodeThatAsked() {
    List<NodeView> nodes = List.of(view(A, Set.of(NodeRole.BROKER), 0), view(B, Set.of(NodeRole.DATA), 5));
    assertEquals(Optional.of(B), choose(DaemonKind.SAMPLERD, B, nodes, Set.of()));
    assertEquals(Optional.of(A), choose(DaemonKind.SAMPLERD, A, nodes, Set.of()));
  }

  @Test
  void anAskerThatCannotRunTheKindSendsItToTheLeastLoadedNodeThenTheLowestAddress() {
    List<NodeView> nodes = List.of(view(A, Set.of(NodeRole.BROKER), 0), view(C, Set.of(NodeRole.DATA), 2),
        view(B, Set.of(NodeRole.DATA), 2));
    assertEquals(Optional.of(B), choose(DaemonKind.DATAD, A, nodes, Set.of()));
    List<NodeView> busier = List.of(view(A, Set.of(NodeRole.BROKER), 0), view(C, Set.of(NodeRole.DATA), 1),
        view(B, Set.of(NodeRole.DATA), 2));
    assertEquals(Optional.of(C), choose(DaemonKind.DATAD, A, busier, Set.of()));
  }

  @Test
  void aNodeThatDoesNotServeIsNeverChosenAndNoNodeIsAClearRefusal() {
    List<NodeView> nodes = List.of(view(A, Set.of(NodeRole.BROKER), 0),
        new NodeView(B, Set.of(NodeRole.DATA), Availability.AWAY, false, 0));
    NodeChoice.Result result = NodeChoice.choose(DaemonKind.DATAD, A, nodes, Set.of());
    assertTrue(result.node().isEmpty());
    assertFalse(result.soon(), "no node is on its way");
    assertTrue(result.whyNot().contains("no node with the 'data' role serves now to run datad"), result.whyNot());
    assertTrue(result.whyNot().contains(B + " not serving, roles data"), result.whyNot());
  }

  @Test
  void aRequestOnlyAJoiningNodeCouldTakeIsWorthWaitingForButNeverPlacedThereYet() {
    List<NodeView> nodes = List.of(view(A, Set.of(NodeRole.BROKER), 0),
        new NodeView(B, Set.of(NodeRole.DATA), Availability.COMING, false, 0),
        new NodeView(C, Set.of(NodeRole.CLEARING), Availability.COMING, true, 0));
    NodeChoice.Result datad = NodeChoice.choose(DaemonKind.DATAD, A, nodes, Set.of());
    assertTrue(datad.node().isEmpty());
    assertTrue(datad.soon());
    assertTrue(datad.whyNot().contains(B + " joining (not serving yet), roles data"), datad.whyNot());
    // emsd's journal node restarting: wait for it
    assertTrue(NodeChoice.choose(DaemonKind.EMSD, A, nodes, Set.of(C)).soon());
    // no joining node has the role: nothing to wait for
    assertFalse(NodeChoice.choose(DaemonKind.BROKERD, C, List.of(nodes.get(1), nodes.get(2)), Set.of()).soon());
    // a serving node that can take it is chosen at once, whatever joins
    List<NodeView> withServing = List.of(nodes.get(1), view(A, Set.of(NodeRole.DATA), 3));
    assertEquals(Optional.of(A), choose(DaemonKind.DATAD, B, withServing, Set.of()));
  }

  @Test
  void emsdIsPinnedToTheNodeHoldingItsJournal() {
    List<NodeView> nodes = List.of(view(A, Set.of(), 0), view(B, Set.of(NodeRole.CLEARING), 0));
    assertEquals(Optional.of(B), choose(DaemonKind.EMSD, A, nodes, Set.of(B)));
    // no journal anywhere yet: a fresh emsd may start where it is asked
    assertEquals(Optional.of(A), choose(DaemonKind.EMSD, A, nodes, Set.of()));
  }

  @Test
  void emsdWaitsForItsJournalNodeRatherThanStartEmptyElsewhere() {
    List<NodeView> nodes = List.of(view(A, Set.of(NodeRole.CLEARING), 0));
    NodeChoice.Result result = NodeChoice.choose(DaemonKind.EMSD, A, nodes, Set.of(C));
    assertTrue(result.node().isEmpty());
    assertTrue(result.whyNot().contains("pinned to the node that holds its journal (" + C + ")"), result.whyNot());
  }

  @Test
  void twoJournalsAreRefusedNamingBoth() {
    List<NodeView> nodes = List.of(view(A, Set.of(NodeRole.CLEARING), 0), view(B, Set.of(NodeRole.CLEARING), 0));
    NodeChoice.Result result = NodeChoice.choose(DaemonKind.EMSD, A, nodes, Set.of(A, B));
    assertTrue(result.node().isEmpty());
    assertTrue(result.whyNot().contains("more than one node (" + A + ", " + B + ")"), result.whyNot());
  }

  @Test
  void rolesParseAndPekkosOwnDataCentreRoleIsNotOne() {
    assertEquals(EnumSet.of(NodeRole.DATA, NodeRole.CLEARING), NodeRole.parse("data, Clearing"));
    assertEquals(EnumSet.of(NodeRole.BROKER), NodeRole.of(List.of("dc-default", "broker")));
    IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> NodeRole.parse("data,feeds"));
    assertEquals("unknown role 'feeds'; known: data, clearing, broker", error.getMessage());
    assertTrue(NodeRole.admits(Set.of(), DaemonKind.BROKERD));
    assertTrue(NodeRole.admits(Set.of(NodeRole.DATA), DaemonKind.SAMPLERD));
    assertTrue(!NodeRole.admits(Set.of(NodeRole.DATA), DaemonKind.BROKERD));
  }
}
