package piker.emsd.dark;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import piker.contracts.market.TickKind;

/**
 * The obviously-correct trigger book: scans every trigger on every tick. O(n) per tick, so it only
 * serves as the oracle the indexed book is tested against and as a benchmark baseline.
 */
public final class ReferenceTriggerBook implements TriggerBook {

  private final LinkedHashMap<String, Trigger> byOid = new LinkedHashMap<>();

  @Override
  public void add(Trigger trigger) {
    // Remove first so a replaced trigger moves to the end of the insertion order.
    byOid.remove(trigger.oid());
    byOid.put(trigger.oid(), trigger);
  }

  @Override
  public Optional<Trigger> remove(String oid) {
    return Optional.ofNullable(byOid.remove(oid));
  }

  @Override
  public int onTick(TickKind kind, long price, List<Trigger> fired) {
    Objects.requireNonNull(kind, "kind");
    int count = 0;
    for (Iterator<Trigger> it = byOid.values().iterator(); it.hasNext(); ) {
      Trigger trigger = it.next();
      if (trigger.firesOn(kind, price)) {
        fired.add(trigger);
        it.remove();
        count++;
      }
    }
    return count;
  }

  @Override
  public int size() {
    return byOid.size();
  }

  @Override
  public Optional<Trigger> get(String oid) {
    return Optional.ofNullable(byOid.get(oid));
  }

  @Override
  public List<Trigger> all() {
    return List.copyOf(byOid.values());
  }
}
