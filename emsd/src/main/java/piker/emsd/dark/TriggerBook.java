package piker.emsd.dark;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** The dark triggers of one market, fed by every tick of that market. Not thread-safe: one actor owns it. */
public interface TriggerBook {

  /** Adds a trigger; one with the same oid is replaced and counts as newly added (that is a modify). */
  void add(Trigger trigger);

  Optional<Trigger> remove(String oid);

  /** Removes and returns every trigger this tick fires, oldest-added first. */
  List<Trigger> onTick(TickKind kind, BigDecimal price);

  /** The same for a raw feed tick type; types that are not a price (bsize, asize, ...) fire nothing. */
  default List<Trigger> onTick(String tickType, BigDecimal price) {
    return TickKind.of(tickType).map(kind -> onTick(kind, price)).orElse(List.of());
  }

  int size();

  Optional<Trigger> get(String oid);

  /** Every trigger in insertion order. */
  List<Trigger> all();
}
