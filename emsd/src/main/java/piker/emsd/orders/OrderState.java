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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.PikerSerializable;
import piker.contracts.orders.OrderResp;

/**
 * The active dialogs, rebuilt by applying {@link OrderEvent}s in journal order; also the journal's
 * snapshot. Done orders leave, but their oids are remembered (the newest {@link #DONE_MEMORY}) so a
 * done oid is not taken for a new order by mistake.
 */
public final class OrderState implements PikerSerializable {
  static final int DONE_MEMORY = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(OrderState.class);

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

  /**
   * Applies one event through {@link OrderLife}'s table. An event the table has no transition for (an
   * {@code Accepted} of an active oid included) is an error logged with the order, and changes nothing.
   */
  public OrderState apply(OrderEvent event) {
    if (event instanceof OrderEvent.Accepted accepted) {
      Dialog before = active.get(accepted.oid());
      if (before != null) {
        LOG.error("illegal order transition: {} accepted again while active; kept {}", accepted.oid(), before);
        return this;
      }
      active.put(accepted.oid(), accepted.dialog());
      return this;
    }
    Dialog dialog = active.get(event.oid());
    if (dialog == null) {
      return this;
    }
    OrderLife.Step step = OrderLife.Step.of(event);
    Optional<OrderResp> next = OrderLife.next(dialog.resp(), step);
    if (next.isEmpty()) {
      LOG.error("illegal order transition: {} on {} in state {}; the order stays {}", step, event.oid(),
          dialog.resp().wire(), dialog);
      return this;
    }
    if (step.ends()) {
      active.remove(event.oid());
      done.add(event.oid());
      if (done.size() > DONE_MEMORY) {
        done.remove(done.iterator().next());
      }
      return this;
    }
    active.put(event.oid(), changed(dialog, event).withResp(next.get()));
    return this;
  }

  private static Dialog changed(Dialog dialog, OrderEvent event) {
    if (event instanceof OrderEvent.Modified m) {
      return dialog.modified(m.price(), m.size(), m.above());
    } else if (event instanceof OrderEvent.Triggered t) {
      return dialog.triggered(t.submitPrice());
    } else if (event instanceof OrderEvent.Acked a) {
      return dialog.acked(a.reqid());
    } else if (event instanceof OrderEvent.Opened o) {
      return dialog.opened(o.resting());
    } else if (event instanceof OrderEvent.Filled f) {
      return dialog.filled(f.tid(), f.size());
    } else if (event instanceof OrderEvent.CancelRequested) {
      return dialog.cancelling();
    }
    throw new IllegalArgumentException("not a change of an active order: " + event);
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
