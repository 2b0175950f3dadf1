package piker.brokerd.wallfixture;

import piker.datad.wallfixture.FeedThing;

/** Breaks the wall on purpose (brokerd reaching into datad), so the wall test can prove it notices. */
public final class WallBreaker {
  public int peek() {
    return FeedThing.quotes();
  }
}
