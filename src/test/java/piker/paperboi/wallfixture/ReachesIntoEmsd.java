package piker.paperboi.wallfixture;

import piker.emsd.wallfixture.OrderThing;

/** Breaks the wall on purpose (paperboi reaching into emsd), so the wall test can prove it notices. */
public final class ReachesIntoEmsd {
  public int peek() {
    return OrderThing.active();
  }
}
