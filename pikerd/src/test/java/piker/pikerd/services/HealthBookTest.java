package piker.pikerd.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol.DaemonHealth;
import piker.contracts.pikerd.ServicesProtocol.HealthReport;

class HealthBookTest {
  private static final ServiceName DATAD = ServiceName.parse("datad.sim");
  private static final ServiceName EMSD = ServiceName.parse("emsd");

  @Test
  void aDaemonIsFailingWhileItRestartsAndOkOnceUpAgain() {
    MutableClock clock = new MutableClock();
    HealthBook book = new HealthBook(clock);
    book.starting(DATAD);
    assertTrue(book.report("n").ok(), "starting is not failing");
    book.up(DATAD, 0);
    clock.now = clock.now.plusSeconds(5);
    book.restarting(DATAD, 1, "venue gone");
    HealthReport red = book.report("n");
    assertEquals(HealthReport.FAILING, red.status());
    assertEquals(new DaemonHealth("datad.sim", "datad", "restarting", 1, clock.now, "venue gone"), red.daemons().get(0));
    Instant restartingSince = clock.now;
    clock.now = clock.now.plusSeconds(1);
    book.restarting(DATAD, 2, "venue gone");
    assertEquals(restartingSince, book.report("n").daemons().get(0).since(), "still restarting since the first");
    book.up(DATAD, 2);
    assertTrue(book.report("n").ok());
  }

  @Test
  void aFailedDaemonStaysListedUntilItStartsAgainAndAStoppedOneIsForgotten() {
    HealthBook book = new HealthBook(new MutableClock());
    book.failed(EMSD, 0, "journal unreadable");
    book.up(DATAD, 0);
    HealthReport report = book.report("n");
    assertFalse(report.ok());
    assertEquals(List.of("datad.sim", "emsd"), report.daemons().stream().map(DaemonHealth::name).toList());
    book.starting(EMSD);
    assertTrue(book.report("n").ok());
    book.stopped(DATAD);
    book.stopped(EMSD);
    assertEquals(List.of(), book.report("n").daemons());
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-12-05T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
