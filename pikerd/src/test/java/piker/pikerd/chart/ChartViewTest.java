package piker.pikerd.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChartViewTest {
  private static final int HELD = 1_000;

  @Test
  void aFreshViewFollowsTheNewestBars() {
    ChartView view = ChartView.following(60);
    assertEquals(new ChartView.Range(HELD - ChartView.DEFAULT_VISIBLE, HELD), view.range(HELD));
    // fewer bars than slots: all of them, at the right edge
    assertEquals(new ChartView.Range(0, 30), view.range(30));
    assertEquals(new ChartView.Range(0, 0), view.range(0));
  }

  @Test
  void zoomingChangesTheSlotsWithinBounds() {
    ChartView view = ChartView.following(1);
    assertEquals(96, view.zoomIn(1).visible());
    assertEquals(150, view.zoomOut(1).visible());
    ChartView in = view;
    ChartView out = view;
    for (int i = 0; i < 100; i++) {
      in = in.zoomIn(1);
      out = out.zoomOut(1);
    }
    assertEquals(ChartView.MIN_VISIBLE, in.visible());
    assertEquals(ChartView.MAX_VISIBLE, out.visible());
  }

  @Test
  void zoomKeepsTheBarUnderTheAnchorInPlace() {
    ChartView view = new ChartView(60, 100, 200, Optional.empty());
    // at the right edge: the right edge stays
    assertEquals(200, view.zoomIn(1).offset());
    // at the left edge: the left edge stays, so the right edge moves back by the slots given up
    ChartView atLeft = view.zoomIn(0);
    assertEquals(view.range(HELD).from(), atLeft.range(HELD).from());
    // in the middle: the middle bar stays the middle bar
    ChartView atMiddle = view.zoomOut(0.5);
    ChartView.Range before = view.range(HELD);
    ChartView.Range after = atMiddle.range(HELD);
    assertEquals((before.from() + before.to()) / 2, (after.from() + after.to()) / 2, 1);
  }

  @Test
  void panningMovesBackAndForthWithinTheBarsHeld() {
    ChartView view = ChartView.following(60).pan(50, HELD);
    assertEquals(new ChartView.Range(HELD - 170, HELD - 50), view.range(HELD));
    assertEquals(0, view.pan(-80, HELD).offset(), "never past the newest bar");
    assertEquals(HELD - 120, view.pan(5_000, HELD).offset(), "never past the oldest screenful");
    assertEquals(new ChartView.Range(0, 120), view.home(HELD).range(HELD));
    assertEquals(new ChartView.Range(HELD - 120, HELD), view.home(HELD).end().range(HELD));
  }

  @Test
  void draggingRightShowsOlderBarsAtThePointersPace() {
    // 120 slots on 1200 pixels: 10 pixels a bar
    ChartView view = ChartView.following(60);
    assertEquals(30, view.drag(300, 1200, HELD).offset());
    assertEquals(0, view.drag(-300, 1200, HELD).offset());
    assertEquals(10, view.drag(300, 1200, HELD).drag(-200, 1200, HELD).offset());
  }

  @Test
  void newBarsMoveAFollowingViewButNotAPannedOne() {
    ChartView following = ChartView.following(1);
    assertEquals(following, following.appended(3));
    ChartView panned = following.pan(40, HELD);
    ChartView later = panned.appended(3);
    // three more bars held, the same bars shown
    assertEquals(panned.range(HELD), new ChartView.Range(later.range(HELD + 3).from(), later.range(HELD + 3).to()));
  }

  @Test
  void switchingPeriodFollowsTheOtherPeriodsNewestBars() {
    ChartView view = ChartView.following(60).zoomIn(1).pan(40, HELD).withCursor(3, 4);
    ChartView seconds = view.otherPeriod();
    assertEquals(1, seconds.period());
    assertEquals("1s", seconds.periodText());
    assertEquals(0, seconds.offset());
    assertEquals(view.visible(), seconds.visible(), "the zoom stays");
    assertEquals(60, seconds.otherPeriod().period());
    assertEquals(view, view.withPeriod(60));
    assertThrows(IllegalArgumentException.class, () -> view.withPeriod(5));
  }

  @Test
  void theCrosshairFollowsThePointerAndLeavesWithIt() {
    ChartView view = ChartView.following(60).withCursor(100, 200);
    assertEquals(Optional.of(new ChartView.Cursor(100, 200)), view.cursor());
    assertEquals(view.cursor(), view.zoomIn(1).pan(3, HELD).cursor(), "zoom and pan keep it");
    assertTrue(view.withoutCursor().cursor().isEmpty());
  }
}
