package piker.emsd.dark;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A trigger book that evaluates a tick in O(log n + fired): two price indexes per watch (one per
 * direction), and a tick consults only the indexes of the watches that watch its kind.
 */
public final class IndexedTriggerBook implements TriggerBook {

  private static final Comparator<Placed> OLDEST_FIRST = Comparator.comparingLong(Placed::seq);

  // Insertion-ordered so all() needs no sort; a replace removes first, moving the oid to the end.
  private final LinkedHashMap<String, Placed> byOid = new LinkedHashMap<>();
  private final PriceIndex[][] byWatchAndDirection;
  // Precomputed per TickKind ordinal so a tick walks a small array rather than filtering watches.
  private final PriceIndex[][] byTickKind;
  private long nextSeq;

  public IndexedTriggerBook() {
    byWatchAndDirection = new PriceIndex[Watch.values().length][];
    for (Watch watch : Watch.values()) {
      PriceIndex[] perDirection = new PriceIndex[Direction.values().length];
      for (Direction direction : Direction.values()) {
        perDirection[direction.ordinal()] = new PriceIndex(direction);
      }
      byWatchAndDirection[watch.ordinal()] = perDirection;
    }
    byTickKind = new PriceIndex[TickKind.values().length][];
    for (TickKind kind : TickKind.values()) {
      List<PriceIndex> watching = new ArrayList<>();
      for (Watch watch : Watch.values()) {
        if (watch.watches(kind)) {
          watching.addAll(List.of(byWatchAndDirection[watch.ordinal()]));
        }
      }
      byTickKind[kind.ordinal()] = watching.toArray(PriceIndex[]::new);
    }
  }

  @Override
  public void add(Trigger trigger) {
    remove(trigger.oid());
    Placed placed = new Placed(trigger, nextSeq++);
    byOid.put(trigger.oid(), placed);
    indexOf(trigger).put(placed);
  }

  @Override
  public Optional<Trigger> remove(String oid) {
    Placed placed = byOid.remove(oid);
    if (placed == null) {
      return Optional.empty();
    }
    indexOf(placed.trigger()).remove(placed);
    return Optional.of(placed.trigger());
  }

  @Override
  public List<Trigger> onTick(TickKind kind, BigDecimal price) {
    Objects.requireNonNull(price, "price");
    List<Placed> fired = null;
    for (PriceIndex index : byTickKind[kind.ordinal()]) {
      if (index.crossedBy(price)) {
        if (fired == null) {
          fired = new ArrayList<>();
        }
        index.drainCrossed(price, fired);
      }
    }
    if (fired == null) {
      return List.of();
    }
    // Levels and indexes drain in price order; callers get them in the order they were added.
    fired.sort(OLDEST_FIRST);
    List<Trigger> triggers = new ArrayList<>(fired.size());
    for (Placed placed : fired) {
      byOid.remove(placed.oid());
      triggers.add(placed.trigger());
    }
    return triggers;
  }

  @Override
  public int size() {
    return byOid.size();
  }

  @Override
  public Optional<Trigger> get(String oid) {
    Placed placed = byOid.get(oid);
    return placed == null ? Optional.empty() : Optional.of(placed.trigger());
  }

  @Override
  public List<Trigger> all() {
    List<Trigger> triggers = new ArrayList<>(byOid.size());
    for (Placed placed : byOid.values()) {
      triggers.add(placed.trigger());
    }
    return List.copyOf(triggers);
  }

  private PriceIndex indexOf(Trigger trigger) {
    return byWatchAndDirection[trigger.watch().ordinal()][trigger.direction().ordinal()];
  }
}
