package piker.emsd.dark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import piker.contracts.market.TickKind;

/**
 * A trigger book that evaluates a tick in O(watching indexes + fired): two price indexes per watch (one
 * per direction), and a tick consults only the indexes of the watches that watch its kind. A tick that
 * fires nothing allocates nothing; one that fires reuses the book's scratch list and the caller's.
 */
public final class IndexedTriggerBook implements TriggerBook {

  private static final Comparator<Placed> OLDEST_FIRST = (a, b) -> Long.compare(a.seq, b.seq);
  private static final PriceIndex[] NONE = new PriceIndex[0];

  // Insertion-ordered so all() needs no sort; a replace removes first, moving the oid to the end.
  private final LinkedHashMap<String, Placed> byOid = new LinkedHashMap<>();
  private final PriceIndex[][] byWatchAndDirection;
  // Per TickKind ordinal so a tick walks a small array rather than filtering watches; size kinds: none.
  private final PriceIndex[][] byTickKind;
  private final ArrayList<Placed> drained = new ArrayList<>();
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
      byTickKind[kind.ordinal()] = watching.isEmpty() ? NONE : watching.toArray(PriceIndex[]::new);
    }
  }

  @Override
  public void add(Trigger trigger) {
    unplace(trigger.oid());
    Placed placed = new Placed(trigger, nextSeq++);
    byOid.put(trigger.oid(), placed);
    indexOf(trigger).put(placed);
  }

  @Override
  public Optional<Trigger> remove(String oid) {
    Placed placed = unplace(oid);
    return placed == null ? Optional.empty() : Optional.of(placed.trigger);
  }

  private Placed unplace(String oid) {
    Placed placed = byOid.remove(oid);
    if (placed != null) {
      indexOf(placed.trigger).remove(placed);
    }
    return placed;
  }

  @Override
  public int onTick(TickKind kind, long price, List<Trigger> fired) {
    PriceIndex[] watching = byTickKind[kind.ordinal()];
    for (int i = 0; i < watching.length; i++) {
      if (watching[i].crossedBy(price)) {
        watching[i].drainCrossed(price, drained);
      }
    }
    int count = drained.size();
    if (count == 0) {
      return 0;
    }
    // Levels and indexes drain in price order; callers get them in the order they were added.
    if (count > 1) {
      drained.sort(OLDEST_FIRST);
    }
    for (int i = 0; i < count; i++) {
      Placed placed = drained.get(i);
      byOid.remove(placed.oid());
      fired.add(placed.trigger);
    }
    drained.clear();
    return count;
  }

  @Override
  public int size() {
    return byOid.size();
  }

  @Override
  public Optional<Trigger> get(String oid) {
    Placed placed = byOid.get(oid);
    return placed == null ? Optional.empty() : Optional.of(placed.trigger);
  }

  @Override
  public List<Trigger> all() {
    List<Trigger> triggers = new ArrayList<>(byOid.size());
    for (Placed placed : byOid.values()) {
      triggers.add(placed.trigger);
    }
    return List.copyOf(triggers);
  }

  private PriceIndex indexOf(Trigger trigger) {
    return byWatchAndDirection[trigger.watch().ordinal()][trigger.direction().ordinal()];
  }
}
