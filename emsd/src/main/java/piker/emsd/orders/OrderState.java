package piker.emsd.orders;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import piker.contracts.PikerSerializable;

/**
 * The active dialogs, rebuilt by applying {@link OrderEvent}s in journal order; also the journal's
 * snapshot. Done orders leave, but their oids are remembered (the newest {@link #DONE_MEMORY}) so a
 * done oid is not taken for a new order by mistake.
 */
public final class OrderState implements PikerSerializable {
  static final int DONE_MEMORY = 10_000;

  private final Map<String, Dialog> active = new LinkedHashMap<>();
  private final Set<String> done = new LinkedHashSet<>();

  public OrderState() {}

  @JsonCreator
  public OrderState(@JsonProperty("active") List<Dialog> active, @JsonProperty("done") List<String> done) {
    if (active != null) {
      active.forEach(dialog -> this.active.put(dialog.oid(), dialog));
    }
    if (done != null) {
      this.done.addAll(done);
    }
  }

  @JsonProperty("active")
  public List<Dialog> activeDialogs() {
    return List.copyOf(active.values());
  }

  @JsonProperty("done")
  public List<String> doneOids() {
    return List.copyOf(done);
  }

  public OrderState copy() {
    return new OrderState(activeDialogs(), doneOids());
  }

  public Optional<Dialog> get(String oid) {
    return Optional.ofNullable(active.get(oid));
  }

  public boolean wasDone(String oid) {
    return done.contains(oid);
  }

  public Collection<Dialog> active() {
    return active.values();
  }

  public OrderState apply(OrderEvent event) {
    if (event instanceof OrderEvent.Accepted accepted) {
      active.put(accepted.oid(), accepted.dialog());
      return this;
    }
    Dialog dialog = active.get(event.oid());
    if (dialog == null) {
      return this;
    }
    if (event instanceof OrderEvent.Modified m) {
      active.put(m.oid(), dialog.modified(m.price(), m.size(), m.above()));
    } else if (event instanceof OrderEvent.Triggered t) {
      active.put(t.oid(), dialog.triggered(t.submitPrice()));
    } else if (event instanceof OrderEvent.Acked a) {
      active.put(a.oid(), dialog.acked(a.reqid()));
    } else if (event instanceof OrderEvent.Opened o) {
      active.put(o.oid(), dialog.opened(o.resting()));
    } else if (event instanceof OrderEvent.Filled f) {
      active.put(f.oid(), dialog.filled(f.tid(), f.size()));
    } else if (event instanceof OrderEvent.CancelRequested c) {
      active.put(c.oid(), dialog.cancelling());
    } else if (event instanceof OrderEvent.Ended e) {
      active.remove(e.oid());
      done.add(e.oid());
      if (done.size() > DONE_MEMORY) {
        done.remove(done.iterator().next());
      }
    }
    return this;
  }

  public OrderState applyAll(List<? extends OrderEvent> events) {
    events.forEach(this::apply);
    return this;
  }

  /** Active dialogs in acceptance order. */
  public List<Dialog> snapshotOfActive() {
    return new ArrayList<>(active.values());
  }
}
