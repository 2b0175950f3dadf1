package piker.emsd.router;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.ems.EmsProtocol.Status;
import piker.contracts.orders.OrderResp;
import piker.emsd.orders.Dialog;

/** The statuses clients see: of a dialog, or of a command that never became one. Words only from here on. */
final class Statuses {
  static final String SOURCE = "emsd";

  private final Clock clock;

  Statuses(Clock clock) {
    this.clock = clock;
  }

  Status of(Dialog dialog, OrderResp resp, BigDecimal fillPrice, Boolean resting, String reason) {
    return from(dialog, resp, fillPrice, resting, reason, SOURCE);
  }

  /** @param source who reported it: emsd, or the clearing daemon whose event it is */
  Status from(Dialog dialog, OrderResp resp, BigDecimal fillPrice, Boolean resting, String reason, String source) {
    return new Status(dialog.oid(), resp.wire(), dialog.fqme(), dialog.action().wire(), dialog.size(),
        dialog.price(), dialog.account(), dialog.filled(), fillPrice, resting, dialog.submitPrice(), reason, source,
        dialog.reqid(), nowNanos());
  }

  /** The status of a command that never became a dialog: what the client sent, and why it ended. */
  Status unaccepted(OrderResp resp, EmsProtocol.Order order, String account, String reason) {
    return order == null ? refusal(null, account, reason)
        : new Status(order.oid(), resp.wire(), order.fqme(), order.action(), order.size(), order.price(), account,
            BigDecimal.ZERO, null, null, null, reason, SOURCE, null, nowNanos());
  }

  /** An error about no order in particular (or an oid alone). */
  Status refusal(String oid, String account, String reason) {
    return new Status(oid, OrderResp.ERROR.wire(), null, null, null, null, account, BigDecimal.ZERO, null, null, null,
        reason, SOURCE, null, nowNanos());
  }

  /** The status a client joining now sees of an active dialog. */
  Status current(Dialog dialog) {
    return of(dialog, dialog.resp(), null, dialog.resp() == OrderResp.OPEN ? dialog.resting() : null, null);
  }

  long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
