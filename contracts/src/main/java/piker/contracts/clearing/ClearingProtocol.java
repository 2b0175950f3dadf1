package piker.contracts.clearing;

import java.math.BigDecimal;
import java.util.List;
import piker.contracts.Payload;
import piker.contracts.names.Fqme;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;

/**
 * The clearing dialog between emsd and a clearing daemon (paperboi's {@code open_paper_dialog},
 * brokerd's {@code open_trade_dialog}): broker-side orders and cancels one way, batches of broker
 * events the other. emsd validates before it sends, so these carry parsed types; actions and statuses
 * are the order enums, which travel as their lower-case words and refuse any other word.
 */
public final class ClearingProtocol {
  private ClearingProtocol() {}

  /**
   * The dialog's parameters: the accounts emsd routes to this daemon, and the orders emsd holds as
   * sent to it and not ended, which a live daemon reconciles with its venue at the dialog's start.
   */
  public record DialogParams(List<String> accounts, List<KnownOrder> known) implements Payload {
    public DialogParams {
      accounts = accounts == null ? List.of() : List.copyOf(accounts);
      known = known == null ? List.of() : List.copyOf(known);
    }

    public DialogParams(List<String> accounts) {
      this(accounts, List.of());
    }
  }

  /**
   * An order emsd sent and has not seen end: {@code reqid} is the broker's id once acked, else null;
   * {@code fqme} the market it was sent for (null where emsd holds only its cancel), so that brokerd can
   * look it up at a venue that finds orders only within their market.
   */
  public record KnownOrder(String oid, String reqid, String account, boolean canceling, Fqme fqme)
      implements Payload {
    public KnownOrder(String oid, String reqid, String account, boolean canceling) {
      this(oid, reqid, account, canceling, null);
    }
  }

  /**
   * brokerd's first and only answer when its broker has no api key: emsd clears the dialog's accounts
   * on paper instead; {@code reason} says why, for the order's first status.
   */
  public record PaperOnly(String reason) implements Payload {}

  /** The dialog's first value: the accounts' open positions and the orders the daemon holds. */
  public record DialogStarted(List<PositionUpdate> positions, List<OrderStatus> open) implements Payload {
    public DialogStarted {
      positions = positions == null ? List.of() : List.copyOf(positions);
      open = open == null ? List.of() : List.copyOf(open);
    }
  }

  /**
   * emsd → clearing: a new order ({@code reqid} null) or a modify of the broker order {@code reqid}.
   * An oid the daemon already knows is never cleared twice: it answers with what it knows.
   */
  public record SubmitOrder(String oid, String reqid, String account, OrderAction action, Fqme fqme,
                            BigDecimal price, BigDecimal size) implements Payload {}

  public record CancelOrder(String oid, String reqid, String account) implements Payload {}

  /** clearing → emsd: events in the order they happened; a fill's steps travel in one batch. */
  public record Events(List<BrokerEvent> events) implements Payload {
    public Events {
      events = events == null ? List.of() : List.copyOf(events);
    }
  }

  /** One broker event. */
  public sealed interface BrokerEvent extends Payload
      permits Ack, OrderStatus, Fill, OrderError, PositionUpdate, Adopted, AccountStatus {}

  /** The broker took the order: {@code oid} ↔ {@code reqid}. */
  public record Ack(String oid, String reqid) implements BrokerEvent {}

  /** {@code resting} when an open did not match on arrival. */
  public record OrderStatus(String oid, String reqid, String account, VenueOrderStatus status, BigDecimal filled,
                            BigDecimal remaining, boolean resting, String reason) implements BrokerEvent {}

  /** A fill with the broker's trade id, by which emsd deduplicates; {@code size} is unsigned. */
  public record Fill(String oid, String reqid, String tid, OrderAction action, BigDecimal price, BigDecimal size,
                     BigDecimal cost, long timeNs) implements BrokerEvent {}

  public record OrderError(String oid, String reqid, String reason) implements BrokerEvent {}

  /** An account's position after a fill; size zero means it closed. */
  public record PositionUpdate(String account, Fqme fqme, BigDecimal size, BigDecimal avgPrice,
                               BigDecimal breakEven) implements BrokerEvent {}

  /**
   * An open venue order emsd did not send (placed elsewhere, or lost from emsd's journal): emsd adopts
   * it as an external dialog under {@code oid}, so it is shown, cancelable and its fills counted.
   */
  public record Adopted(String oid, String reqid, String account, OrderAction action, Fqme fqme,
                        BigDecimal price, BigDecimal size, BigDecimal filled) implements BrokerEvent {}

  /**
   * Whether live order entry for an account is open: {@code blocked} (null when open) says why not, e.g.
   * a position the venue reports that the ledger cannot explain. The daemon refuses the account's
   * orders while it is blocked (fail closed) and re-checks at every reconnect and ledger sync.
   */
  public record AccountStatus(String account, String blocked) implements BrokerEvent {}

  /** emsd → brokerd inside the dialog: sync the account's ledger from the venue; answered by request id. */
  public record SyncLedger(String requestId, String account) implements Payload {}

  /** brokerd → emsd: the synced ledger, or why not. */
  public record LedgerSynced(String requestId, LedgerReply reply, piker.contracts.RemoteError error) implements Payload {}

  /**
   * An account's ledger file and positions: the one request and answer of every ledger path, emsd's
   * {@code load_ledger} (which passes its clearing daemon's answer on), paperboi's {@code load_paper_ledger}
   * and brokerd's ledger sync.
   */
  public record LedgerRequest(String account) implements Payload {}

  public record LedgerReply(String account, String ledgerPath, List<PositionUpdate> positions) implements Payload {
    public LedgerReply {
      positions = positions == null ? List.of() : List.copyOf(positions);
    }
  }
}
