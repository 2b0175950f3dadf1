package piker.emsd.orders;

import java.math.BigDecimal;
import piker.contracts.PikerSerializable;
import piker.contracts.orders.OrderResp;

/**
 * What emsd journals: every accepted command and every broker event that changes an order, written
 * before emsd acknowledges or acts on it. Replaying them rebuilds the active dialogs exactly.
 */
public sealed interface OrderEvent extends PikerSerializable {
  String oid();

  /** A new order passed validation and risk: dark_open or pending. */
  record Accepted(Dialog dialog) implements OrderEvent {
    @Override
    public String oid() {
      return dialog.oid();
    }
  }

  record Modified(String oid, BigDecimal price, BigDecimal size, boolean above) implements OrderEvent {}

  /** A dark order's trigger fired; buys and sells go live at {@code submitPrice}. */
  record Triggered(String oid, BigDecimal submitPrice) implements OrderEvent {}

  record Acked(String oid, String reqid) implements OrderEvent {}

  record Opened(String oid, boolean resting) implements OrderEvent {}

  /** A fill counted once, by its trade id. */
  record Filled(String oid, String tid, BigDecimal price, BigDecimal size) implements OrderEvent {}

  record CancelRequested(String oid) implements OrderEvent {}

  /** The order is done: closed, canceled, error, or (for an alert) triggered. */
  record Ended(String oid, OrderResp resp, String reason) implements OrderEvent {}
}
