package piker.emsd.orders;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import piker.contracts.PikerSerializable;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;

/**
 * One active order as emsd knows it: what the user asked for, where it stands, and the trade ids
 * already counted (so a replayed fill is never counted twice). Immutable: every event makes a new one,
 * through {@link OrderLife}'s table.
 *
 * @param dark      true while it waits in the trigger book
 * @param above     for a dark order: fires on ticks at or above {@code price} (else at or below)
 * @param resp      the last status sent: the order's place in {@link OrderLife}
 * @param reqid     the clearing daemon's order id, once acked
 * @param submitPrice the price a triggered dark order was sent at
 */
public record Dialog(String oid, String account, OrderAction action, String fqme, BigDecimal price, BigDecimal size,
                     boolean dark, boolean above, OrderResp resp,
                     BigDecimal filled, String reqid, BigDecimal submitPrice, boolean resting, boolean cancelRequested,
                     List<String> tids, long acceptedNs)
    implements PikerSerializable {
  public Dialog {
    tids = tids == null ? List.of() : List.copyOf(tids);
    filled = filled == null ? BigDecimal.ZERO : filled;
  }

  public boolean alert() {
    return action == OrderAction.ALERT;
  }

  public Dialog withResp(OrderResp newResp) {
    return new Dialog(oid, account, action, fqme, price, size, dark, above, newResp, filled, reqid, submitPrice,
        resting, cancelRequested, tids, acceptedNs);
  }

  Dialog modified(BigDecimal newPrice, BigDecimal newSize, boolean newAbove) {
    return new Dialog(oid, account, action, fqme, newPrice, newSize, dark, newAbove, resp, filled, reqid,
        submitPrice, resting, cancelRequested, tids, acceptedNs);
  }

  Dialog triggered(BigDecimal at) {
    return new Dialog(oid, account, action, fqme, price, size, false, above, resp, filled, reqid, at,
        false, cancelRequested, tids, acceptedNs);
  }

  Dialog acked(String newReqid) {
    return new Dialog(oid, account, action, fqme, price, size, dark, above, resp, filled, newReqid, submitPrice,
        resting, cancelRequested, tids, acceptedNs);
  }

  Dialog opened(boolean nowResting) {
    return new Dialog(oid, account, action, fqme, price, size, dark, above, resp, filled, reqid, submitPrice,
        nowResting, cancelRequested, tids, acceptedNs);
  }

  Dialog filled(String tid, BigDecimal fillSize) {
    List<String> more = new ArrayList<>(tids);
    more.add(tid);
    return new Dialog(oid, account, action, fqme, price, size, dark, above, resp, filled.add(fillSize), reqid,
        submitPrice, resting, cancelRequested, more, acceptedNs);
  }

  Dialog cancelling() {
    return new Dialog(oid, account, action, fqme, price, size, dark, above, resp, filled, reqid, submitPrice,
        resting, true, tids, acceptedNs);
  }
}
