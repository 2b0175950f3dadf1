package piker.emsd.dark;

import java.util.List;
import java.util.Optional;
import piker.contracts.market.TickKind;

/**
 * The dark triggers of one market, fed by every tick of that market. Prices are the market's scaled
 * longs. Not thread-safe: one actor owns it.
 */
public interface TriggerBook {

  /** Adds a trigger; one with the same oid is replaced and counts as newly added (that is a modify). */
  void add(Trigger trigger);

  Optional<Trigger> remove(String oid);

  /**
   * Removes every trigger a tick of {@code kind} at {@code price} fires and appends them to {@code fired},
   * oldest-added first. The caller owns (and reuses) {@code fired}, so a tick allocates nothing of its
   * own; size-only kinds fire nothing.
   *
   * @return how many fired
   */
  int onTick(TickKind kind, long price, List<Trigger> fired);

  int size();

  Optional<Trigger> get(String oid);

  /** Every trigger in insertion order. */
  List<Trigger> all();
}
