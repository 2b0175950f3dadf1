package piker.emsd.dark;

import piker.contracts.market.LevelQueue;

/**
 * A trigger as held by {@link IndexedTriggerBook}: {@code seq} orders triggers by when they were added;
 * it queues in its price level (a {@link LevelQueue}) by its own links, so it leaves in O(1).
 */
final class Placed extends LevelQueue.Entry<Placed> {
  final Trigger trigger;
  final long seq;

  Placed(Trigger trigger, long seq) {
    this.trigger = trigger;
    this.seq = seq;
  }

  String oid() {
    return trigger.oid();
  }
}
