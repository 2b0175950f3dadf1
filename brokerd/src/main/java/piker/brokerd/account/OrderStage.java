package piker.brokerd.account;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one live order (one emsd oid) stands between brokerd and the venue, and the moves it may make.
 * Staying put is always allowed; any other move not in {@link #allows} is a bug or a venue surprise: the
 * order's {@link LiveOrder#moveTo} logs it as an error with the order.
 */
enum OrderStage {
  /** Not at the venue (never reached it, as far as a lookup by id can tell): the next submit places it. */
  UNPLACED,
  /** A request is in flight whose answer places it: a placement, or the first lookup of an order unknown here. */
  PLACING,
  /** An answer was lost (the venue was unreachable): it may be at the venue; a lookup by id will tell. */
  IN_DOUBT,
  /** A modify's cancel whose answer was lost: found canceled, its replacement goes out; else as IN_DOUBT. */
  REPLACE_IN_DOUBT,
  /** A venue order carries it, nothing filled yet. */
  OPEN,
  /** A venue order carries it and some of it (this venue order's or a replaced one's) has filled. */
  PARTIALLY_FILLED,
  /** The cancel that ends it is in flight. */
  CANCEL_PENDING,
  /** A modify's cancel is in flight: once it is done the replacement ({@code oid~n+1}) goes out. */
  REPLACING,
  /** The venue says filled; closed is told once every fill was. */
  FILLED,
  /** Closed, canceled or refused, and told: nothing more will happen. */
  DONE;

  private static final Map<OrderStage, Set<OrderStage>> NEXT = new EnumMap<>(OrderStage.class);

  static {
    NEXT.put(UNPLACED, EnumSet.of(PLACING, IN_DOUBT, OPEN, PARTIALLY_FILLED, FILLED, DONE));
    NEXT.put(PLACING, EnumSet.of(UNPLACED, IN_DOUBT, OPEN, PARTIALLY_FILLED, FILLED, DONE));
    NEXT.put(IN_DOUBT, EnumSet.of(UNPLACED, OPEN, PARTIALLY_FILLED, FILLED, DONE));
    NEXT.put(REPLACE_IN_DOUBT, EnumSet.of(UNPLACED, IN_DOUBT, OPEN, PARTIALLY_FILLED, FILLED, DONE));
    NEXT.put(OPEN, EnumSet.of(PARTIALLY_FILLED, CANCEL_PENDING, REPLACING, FILLED, DONE));
    NEXT.put(PARTIALLY_FILLED, EnumSet.of(CANCEL_PENDING, REPLACING, FILLED, DONE));
    NEXT.put(CANCEL_PENDING, EnumSet.of(IN_DOUBT, FILLED, DONE));
    NEXT.put(REPLACING, EnumSet.of(CANCEL_PENDING, REPLACE_IN_DOUBT, UNPLACED));
    NEXT.put(FILLED, EnumSet.of(DONE));
    NEXT.put(DONE, EnumSet.noneOf(OrderStage.class));
  }

  /** True when an order here may move to {@code next}. */
  boolean allows(OrderStage next) {
    return next == this || NEXT.get(this).contains(next);
  }

  /** The stages reachable in one move (staying put aside). */
  Set<OrderStage> next() {
    return Set.copyOf(NEXT.get(this));
  }

  /** A venue order carries it and it can still be canceled or modified. */
  boolean live() {
    return this == OPEN || this == PARTIALLY_FILLED;
  }

  /** The venue ended it: nothing is placed or canceled any more. */
  boolean ended() {
    return this == FILLED || this == DONE;
  }

  boolean inDoubt() {
    return this == IN_DOUBT || this == REPLACE_IN_DOUBT;
  }

  /** A cancel is in flight (its answer, not a venue event, settles the order). */
  boolean canceling() {
    return this == CANCEL_PENDING || this == REPLACING;
  }
}
