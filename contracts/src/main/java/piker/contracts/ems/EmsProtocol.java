package piker.contracts.ems;

import java.math.BigDecimal;
import java.util.List;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;

/**
 * Payloads of emsd's client dialog ({@code open_ems_dialog}). Its ledger call ({@code load_ledger}) takes and
 * answers the clearing daemons' own {@link ClearingProtocol.LedgerRequest} and {@link ClearingProtocol.LedgerReply}:
 * emsd passes paperboi's or brokerd's answer on as it is.
 * Fields a client sets are plain text and decimals, not parsed types: emsd validates every command
 * itself, so a malformed one gets an {@code error} status instead of being dropped by the serializer.
 */
public final class EmsProtocol {
  /** Most oid characters: oids travel in every status and key the journal. */
  public static final int MAX_OID = 64;
  private static final java.util.regex.Pattern OID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_OID - 1) + "}");
  /** What {@link #validOid} accepts, in words for an error message. */
  public static final String OID_RULE = "1-" + MAX_OID
      + " characters of letters, digits, '.', '_', ':' and '-', starting with a letter or digit";

  /** The one oid rule, for emsd and for the CLI's read-only check. */
  public static boolean validOid(String oid) {
    return oid != null && OID.matcher(oid).matches();
  }

  /** Most accounts one dialog may watch. */
  public static final int MAX_ACCOUNTS = 64;

  private EmsProtocol() {}

  /** The dialog's parameters: the accounts it sees; empty means every account emsd knows. */
  public record DialogParams(List<String> accounts) implements Payload {
    public DialogParams {
      accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }
  }

  /**
   * The dialog's first value: the accounts it sees, their open positions and active orders, and the
   * accounts whose positions are not known now ({@code unavailable}, with why: an unreadable ledger, a
   * clearing daemon that cannot be reached), so that no client takes "no positions" for "none known".
   */
  public record DialogStarted(List<String> accounts, List<Position> positions, List<Status> active,
                              List<Unavailable> unavailable) implements Payload {
    public DialogStarted {
      accounts = accounts == null ? List.of() : List.copyOf(accounts);
      positions = positions == null ? List.of() : List.copyOf(positions);
      active = active == null ? List.of() : List.copyOf(active);
      unavailable = unavailable == null ? List.of() : List.copyOf(unavailable);
    }

    public DialogStarted(List<String> accounts, List<Position> positions, List<Status> active) {
      this(accounts, positions, active, List.of());
    }
  }

  /** An account whose positions emsd cannot tell now, and the error that says why. */
  public record Unavailable(String account, RemoteError error) {}

  /** Client → emsd: what every command is. */
  public sealed interface Command extends Payload permits Order, Cancel, CancelAll {}

  /**
   * A new order, or a modify when {@code oid} is active. {@code action} is buy, sell or alert;
   * {@code exec} is live or dark; {@code account} is {@code <broker>.<label>} or {@code paper}.
   */
  public record Order(String oid, String action, String fqme, BigDecimal price, BigDecimal size, String account,
                      String exec) implements Command {}

  public record Cancel(String oid) implements Command {}

  /** The kill switch: cancels every active order of {@code account}, or of every account the dialog sees. */
  public record CancelAll(String account) implements Command {}

  /** emsd → clients: what every event is. */
  public sealed interface Event extends Payload permits Status, Position {}

  /**
   * One step of an order's dialog; the fields of cli.md. {@code resp} is pending, open, dark_open,
   * triggered, fill, closed, canceled or error; {@code price} is the user's limit or trigger price;
   * {@code filled} is cumulative; {@code fillPrice} is set on fill; {@code resting} on an open that
   * did not match on arrival; {@code submitPrice} on a triggered dark order; {@code reason} explains
   * error and canceled; {@code source} names who decided it (emsd, paperboi.sim, ...).
   */
  public record Status(String oid, String resp, String fqme, String action, BigDecimal size, BigDecimal price,
                       String account, BigDecimal filled, BigDecimal fillPrice, Boolean resting,
                       BigDecimal submitPrice, String reason, String source, String reqid, long timeNs)
      implements Event {

    /** True for the statuses after which the order is done. */
    public boolean terminal() {
      return Resp.CLOSED.equals(resp) || Resp.CANCELED.equals(resp) || Resp.ERROR.equals(resp);
    }
  }

  /** An account's position in one market after a fill; size zero means it closed. */
  public record Position(String account, String broker, String fqme, BigDecimal size, BigDecimal avgPrice,
                         BigDecimal breakEven) implements Event {

    /** A clearing daemon's position as clients see it. */
    public static Position of(ClearingProtocol.PositionUpdate update) {
      return new Position(update.account(), update.fqme().broker(), update.fqme().toString(), update.size(),
          update.avgPrice(), update.breakEven());
    }
  }

  /**
   * Events that became known together (a fill's open, fill, closed and position), in order, in one
   * message: a remote client pays one message per step of emsd's, not one per event.
   */
  public record Batch(List<Event> events) implements Payload {
    public Batch {
      events = events == null ? List.of() : List.copyOf(events);
    }
  }

  /** The {@code resp} values. */
  public static final class Resp {
    public static final String PENDING = "pending";
    public static final String OPEN = "open";
    public static final String DARK_OPEN = "dark_open";
    public static final String TRIGGERED = "triggered";
    public static final String FILL = "fill";
    public static final String CLOSED = "closed";
    public static final String CANCELED = "canceled";
    public static final String ERROR = "error";

    private Resp() {}
  }
}
