package piker.backends.sim.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimCatalogTest {
  @Test
  void aLargerCatalogueIsTheStandardOneThenNumberedSpotMarkets() {
    List<SimMarket> standard = SimCatalog.standard().all();
    assertEquals(standard, SimCatalog.standard(0).all());
    assertEquals(standard, SimCatalog.standard(standard.size() - 1).all(), "never fewer than the standard ones");
    List<SimMarket> hundred = SimCatalog.standard(100).all();
    assertEquals(100, hundred.size());
    assertEquals("s1usdt.spot", hundred.get(standard.size()).key());
    assertEquals(100, hundred.stream().map(SimMarket::key).distinct().count());
    assertEquals(standard, hundred.subList(0, standard.size()));
    SimMarket extra = SimCatalog.standard(100).find("s79usdt.spot").orElseThrow();
    assertEquals("spot", extra.kind());
    assertEquals(new BigDecimal("0.01"), extra.priceTick());
    assertTrue(extra.reference().signum() > 0);
  }
}
