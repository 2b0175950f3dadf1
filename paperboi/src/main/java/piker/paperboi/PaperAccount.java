package piker.paperboi;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import piker.accounting.Clear;
import piker.accounting.LedgerFile;
import piker.accounting.MalformedLedgerException;
import piker.accounting.Position;
import piker.accounting.Positions;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.names.AccountName;
import piker.contracts.names.Fqme;

/**
 * One paper account's books as the clearing sees them: its trades (the ledger's, plus those decided
 * and on their way to it) and the positions they add up to. Plain state, no files: the ledger file is
 * loaded beside it ({@link #load}) and written by paperboi's ledger writer.
 */
final class PaperAccount {
  private final AccountName account;
  private final Map<String, Clear> byTid = new LinkedHashMap<>();
  private final Positions positions;

  PaperAccount(AccountName account, List<Clear> clears) {
    this.account = account;
    this.positions = Positions.replay(account.toString(), clears);
    clears.forEach(clear -> byTid.putIfAbsent(clear.tid(), clear));
  }

  /** The ledger could not be loaded; the message says which file and line, and what to do, in words. */
  static final class UnreadableLedger extends RuntimeException {
    UnreadableLedger(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** An account read from its ledger, and the ledger file its new trades are appended to. */
  record Loaded(PaperAccount account, LedgerFile ledger) {}

  static Loaded load(Path dataDir, AccountName account) {
    try {
      LedgerFile ledger = LedgerFile.open(dataDir, account.toString());
      return new Loaded(new PaperAccount(account, ledger.clears()), ledger);
    } catch (MalformedLedgerException e) {
      throw new UnreadableLedger("the ledger of " + account + " cannot be read: " + e.getMessage() + ". Nothing of "
          + account + " is cleared until it is repaired: fix that line (or move the file away to start the "
          + "account with no trades), then try again", e);
    } catch (IOException e) {
      String why = e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
      throw new UnreadableLedger("the ledger of " + account + " cannot be read ("
          + LedgerFile.path(dataDir, account.toString()) + ": " + why + "). Nothing of " + account
          + " is cleared until it can be read", e);
    }
  }

  AccountName account() {
    return account;
  }

  /** A paper order's fills as the ledger has them, and whether one of them completed the order. */
  record LedgerFills(List<Clear> clears, boolean complete) {
    BigDecimal filled() {
      return clears.stream().map(clear -> clear.size().abs()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
  }

  /**
   * The trade id of a paper order's {@code fill}-th fill (from 1): {@code paper-<oid>} for an order filled
   * whole at once (as every paper order was before partial fills), else {@code paper-<oid>#<n>}, and
   * {@code paper-<oid>#<n>-last} for the part that completes it. '#' is no oid character, so no other
   * order's trade id looks the same; the marked last part lets the ledger alone say the order is done.
   */
  static String tid(String oid, int fill, boolean completes) {
    if (fill == 1 && completes) {
      return "paper-" + oid;
    }
    return "paper-" + oid + "#" + fill + (completes ? "-last" : "");
  }

  /**
   * The fills recorded for a paper order, in order: an order re-submitted after a restart (or a cancel
   * of one paperboi no longer holds) is answered from them, never cleared twice. Its parts are numbered
   * from 1 without gaps, so the lookup stops at the first number the ledger lacks or at the last part.
   */
  LedgerFills fillsOf(String oid) {
    List<Clear> clears = new ArrayList<>();
    boolean complete = byTid.containsKey(tid(oid, 1, true));
    if (complete) {
      clears.add(byTid.get(tid(oid, 1, true)));
    }
    for (int fill = 1; !complete && byTid.containsKey(tid(oid, fill, false)); fill++) {
      clears.add(byTid.get(tid(oid, fill, false)));
      complete = byTid.containsKey(tid(oid, fill + 1, true));
      if (complete) {
        clears.add(byTid.get(tid(oid, fill + 1, true)));
      }
    }
    return new LedgerFills(List.copyOf(clears), complete);
  }

  /** Applies the clears not seen before and returns them: what the ledger must append. */
  List<Clear> record(List<Clear> clears) {
    List<Clear> fresh = new ArrayList<>();
    for (Clear clear : clears) {
      if (positions.apply(clear)) {
        byTid.put(clear.tid(), clear);
        fresh.add(clear);
      }
    }
    return fresh;
  }

  /** The account's open positions, for its account file. */
  List<Position> openPositions() {
    return positions.open();
  }

  ClearingProtocol.PositionUpdate position(Fqme fqme) {
    return positions.position(fqme).map(this::update).orElse(new ClearingProtocol.PositionUpdate(account.toString(),
        fqme, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO));
  }

  List<ClearingProtocol.PositionUpdate> open() {
    return positions.open().stream().map(this::update).toList();
  }

  private ClearingProtocol.PositionUpdate update(Position position) {
    return new ClearingProtocol.PositionUpdate(account.toString(), position.fqme(), position.size(),
        position.avgPrice(), position.breakEven());
  }
}
