package piker.datad.wallfixture;

/** Stands in for a datad class; only the dependency-wall test's self-check uses it. */
public final class FeedThing {
  public static int quotes() {
    return 0;
  }
}
