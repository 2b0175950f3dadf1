package piker.emsd.wallfixture;

/** Stands in for an emsd class; only the dependency-wall test's self-check uses it. */
public final class OrderThing {
  public static int active() {
    return 0;
  }
}
