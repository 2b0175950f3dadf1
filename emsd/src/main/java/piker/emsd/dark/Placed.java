package piker.emsd.dark;

/** A trigger as held by {@link IndexedTriggerBook}: {@code seq} orders triggers by when they were added. */
record Placed(Trigger trigger, long seq) {

  String oid() {
    return trigger.oid();
  }
}
