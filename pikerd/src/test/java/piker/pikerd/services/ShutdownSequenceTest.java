package piker.pikerd.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import piker.contracts.endpoints.DaemonKind;
import piker.pikerd.services.ShutdownSequence.Next;
import piker.pikerd.services.ShutdownSequence.Phase;

class ShutdownSequenceTest {
  private static final Set<DaemonKind> EVERY_DAEMON = EnumSet.of(DaemonKind.BROKERD, DaemonKind.PAPERBOI,
      DaemonKind.EMSD, DaemonKind.DATAD, DaemonKind.SAMPLERD);

  @Test
  void aLoneNodeStopsBrokerdAndPaperboiFirstThenEmsdDatadSamplerdThenTheRuntimes() {
    ShutdownSequence shutdown = new ShutdownSequence();
    assertFalse(shutdown.begun());
    assertTrue(shutdown.begin(false), "no cluster to tell: the first step stops now");
    assertEquals(Set.of(DaemonKind.BROKERD, DaemonKind.PAPERBOI), shutdown.stopping());
    Set<DaemonKind> running = EnumSet.copyOf(EVERY_DAEMON);
    assertEquals(Next.WAIT, shutdown.advance(running));
    running.remove(DaemonKind.BROKERD);
    assertEquals(Next.WAIT, shutdown.advance(running), "paperboi still runs");
    running.remove(DaemonKind.PAPERBOI);
    assertEquals(Next.STOP_STEP, shutdown.advance(running));
    assertEquals(Set.of(DaemonKind.EMSD), shutdown.stopping());
    running.remove(DaemonKind.EMSD);
    assertEquals(Next.STOP_STEP, shutdown.advance(running));
    assertEquals(Set.of(DaemonKind.DATAD), shutdown.stopping());
    running.remove(DaemonKind.DATAD);
    assertEquals(Next.STOP_STEP, shutdown.advance(running));
    running.remove(DaemonKind.SAMPLERD);
    assertEquals(Next.CLOSE_RUNTIMES, shutdown.advance(running));
    assertEquals(Set.of(), shutdown.stopping());
    assertEquals(Next.WAIT, shutdown.advance(running), "the runtimes are closed once");
    assertFalse(shutdown.done());
    shutdown.runtimesClosed();
    assertTrue(shutdown.done());
  }

  @Test
  void aStepWithNothingRunningIsPassedAtOnce() {
    ShutdownSequence shutdown = new ShutdownSequence();
    shutdown.begin(false);
    assertEquals(Next.STOP_STEP, shutdown.advance(EnumSet.of(DaemonKind.SAMPLERD)));
    assertEquals(Next.STOP_STEP, shutdown.advance(EnumSet.of(DaemonKind.SAMPLERD)));
    assertEquals(Next.STOP_STEP, shutdown.advance(EnumSet.of(DaemonKind.SAMPLERD)));
    assertEquals(Set.of(DaemonKind.SAMPLERD), shutdown.stopping());
    assertEquals(Next.WAIT, shutdown.advance(EnumSet.of(DaemonKind.SAMPLERD)));
  }

  @Test
  void aClusterNodeStopsNothingUntilThePlacementHasHeard() {
    ShutdownSequence shutdown = new ShutdownSequence();
    assertFalse(shutdown.begin(true));
    assertEquals(Phase.DRAINING, shutdown.phase());
    assertTrue(shutdown.begun(), "no daemon starts any more");
    assertEquals(Set.of(), shutdown.stopping());
    assertEquals(Next.WAIT, shutdown.advance(Set.of()), "a daemon's end while draining moves nothing");
    assertTrue(shutdown.drained());
    assertFalse(shutdown.drained(), "heard once");
    assertEquals(Set.of(DaemonKind.BROKERD, DaemonKind.PAPERBOI), shutdown.stopping());
  }

  @Test
  void aSecondBeginChangesNothing() {
    ShutdownSequence shutdown = new ShutdownSequence();
    shutdown.begin(false);
    shutdown.advance(Set.of());
    assertFalse(shutdown.begin(false));
    assertEquals(1, shutdown.step());
  }
}
