package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import piker.contracts.RemoteError;
import piker.contracts.ems.EmsProtocol;

class OrderViewsTest {
  @Test
  void aCancelOfAnUnknownOrderPrintsTheOidAndTheReasonOnly() {
    EmsProtocol.Status refused = new EmsProtocol.Status("abc-1", "error", null, null, null, null, null,
        BigDecimal.ZERO, null, null, null, "no active order abc-1", "emsd", null, 1L);
    assertEquals("error     abc-1 reason=\"no active order abc-1\"", OrderViews.statusText(refused));
  }

  @Test
  void aFullStatusKeepsItsShape() {
    EmsProtocol.Status open = new EmsProtocol.Status("abc-1", "open", "btcusdt.spot.sim", "buy",
        new BigDecimal("0.001"), new BigDecimal("59000"), "sim.paper", BigDecimal.ZERO, null, true, null, null,
        "paperboi", null, 1L);
    assertEquals("open      abc-1 buy 0.001 btcusdt.spot.sim @ 59000 sim.paper filled=0 resting",
        OrderViews.statusText(open));
  }

  @Test
  void anOrderInFlightWhenContactIsLostSaysItMayHaveBeenPlacedAndHowToCheck() {
    RemoteError lost = RemoteError.of("SessionLost", "lost contact with emsd", "");
    String unconfirmed = OrderCommand.lostContact("abc-1", null, lost);
    assertTrue(unconfirmed.startsWith("emsd had not confirmed order abc-1 when the dialog ended (lost contact with "
        + "emsd): the order may or may not have been placed"), unconfirmed);
    assertTrue(unconfirmed.contains("`piker orders`"), unconfirmed);
    String resting = OrderCommand.lostContact("abc-1", "open", lost);
    assertTrue(resting.startsWith("order abc-1 was open when the dialog with emsd ended (lost contact with emsd): "
        + "it may still be active, or have filled since"), resting);
    assertTrue(resting.contains("`piker orders`"), resting);
  }
}
