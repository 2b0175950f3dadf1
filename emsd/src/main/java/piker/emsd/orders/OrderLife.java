package piker.emsd.orders;

import static piker.contracts.orders.OrderResp.CANCELED;
import static piker.contracts.orders.OrderResp.CLOSED;
import static piker.contracts.orders.OrderResp.DARK_OPEN;
import static piker.contracts.orders.OrderResp.ERROR;
import static piker.contracts.orders.OrderResp.FILL;
import static piker.contracts.orders.OrderResp.OPEN;
import static piker.contracts.orders.OrderResp.PENDING;
import static piker.contracts.orders.OrderResp.TRIGGERED;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import piker.contracts.orders.OrderResp;

/**
 * The life of an order in emsd as one table: from the status a dialog holds, on a journaled event, to
 * the status it holds next. A pair missing from the table is an illegal transition: the caller logs it
 * with the order and leaves the order as it was.
 *
 * <p>{@code dark_open} waits in the trigger book; {@code pending} and (for a dark buy or sell that fired)
 * {@code triggered} were sent to the clearing daemon; {@code open} rests at the venue; {@code fill} has
 * filled in part. The ends leave the active dialogs: {@code closed}, {@code canceled}, {@code error},
 * and {@code triggered} for an alert (it only notifies).
 */
public final class OrderLife {
  /** The journaled events, as the table reads them: an {@link OrderEvent.Ended} by the status it ends with. */
  public enum Step {
    MODIFIED(false), TRIGGERED(false), ACKED(false), OPENED(false), FILLED(false), CANCEL_REQUESTED(false),
    ENDED_CLOSED(true), ENDED_CANCELED(true), ENDED_ERROR(true), ENDED_ALERTED(true);

    private final boolean ends;

    Step(boolean ends) {
      this.ends = ends;
    }

    /** True for the steps after which the order leaves the active dialogs. */
    public boolean ends() {
      return ends;
    }

    public static Step of(OrderEvent event) {
      if (event instanceof OrderEvent.Modified) {
        return MODIFIED;
      } else if (event instanceof OrderEvent.Triggered) {
        return TRIGGERED;
      } else if (event instanceof OrderEvent.Acked) {
        return ACKED;
      } else if (event instanceof OrderEvent.Opened) {
        return OPENED;
      } else if (event instanceof OrderEvent.Filled) {
        return FILLED;
      } else if (event instanceof OrderEvent.CancelRequested) {
        return CANCEL_REQUESTED;
      } else if (event instanceof OrderEvent.Ended ended) {
        return switch (ended.resp()) {
          case CLOSED -> ENDED_CLOSED;
          case CANCELED -> ENDED_CANCELED;
          case ERROR -> ENDED_ERROR;
          case TRIGGERED -> ENDED_ALERTED;
          default -> throw new IllegalArgumentException("an order cannot end with " + ended.resp().wire());
        };
      }
      throw new IllegalArgumentException("no step of an active order: " + event);
    }
  }

  private static final Map<OrderResp, Map<Step, OrderResp>> TABLE = new EnumMap<>(OrderResp.class);

  static {
    // from        on                    to
    row(DARK_OPEN, Step.MODIFIED,         DARK_OPEN);
    row(DARK_OPEN, Step.TRIGGERED,        TRIGGERED);
    row(DARK_OPEN, Step.ENDED_ALERTED,    TRIGGERED);
    row(DARK_OPEN, Step.ENDED_CANCELED,   CANCELED);
    row(DARK_OPEN, Step.ENDED_ERROR,      ERROR);
    // sent, not open yet: pending, or triggered for a dark order that fired; both move the same way
    for (OrderResp sent : new OrderResp[] {PENDING, TRIGGERED}) {
      row(sent, Step.MODIFIED,            sent);
      row(sent, Step.ACKED,               sent);
      row(sent, Step.CANCEL_REQUESTED,    sent);
      row(sent, Step.OPENED,              OPEN);
      row(sent, Step.FILLED,              FILL);
      ends(sent);
    }
    row(OPEN,      Step.MODIFIED,         OPEN);
    row(OPEN,      Step.ACKED,            OPEN);
    row(OPEN,      Step.CANCEL_REQUESTED, OPEN);
    row(OPEN,      Step.OPENED,           OPEN);
    row(OPEN,      Step.FILLED,           FILL);
    ends(OPEN);
    row(FILL,      Step.MODIFIED,         FILL);
    row(FILL,      Step.ACKED,            FILL);
    row(FILL,      Step.CANCEL_REQUESTED, FILL);
    row(FILL,      Step.OPENED,           OPEN);
    row(FILL,      Step.FILLED,           FILL);
    ends(FILL);
  }

  private OrderLife() {}

  private static void row(OrderResp from, Step on, OrderResp to) {
    TABLE.computeIfAbsent(from, f -> new EnumMap<>(Step.class)).put(on, to);
  }

  /** A live order ends by the venue's word: closed, canceled, or an error. */
  private static void ends(OrderResp from) {
    row(from, Step.ENDED_CLOSED, CLOSED);
    row(from, Step.ENDED_CANCELED, CANCELED);
    row(from, Step.ENDED_ERROR, ERROR);
  }

  /** Where an order at {@code from} goes on {@code step}; empty when the table has no such transition. */
  public static Optional<OrderResp> next(OrderResp from, Step step) {
    return Optional.ofNullable(TABLE.getOrDefault(from, Map.of()).get(step));
  }
}
