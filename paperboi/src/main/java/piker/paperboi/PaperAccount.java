package piker.paperboi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import piker.accounting.Clear;
import piker.accounting.LedgerFile;
import piker.accounting.MalformedLedgerException;
import piker.accounting.Position;
import piker.accounting.Positions;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.names.Fqme;

/**
 * One paper account's books: its trade ledger (appended and fsync'd before a fill is reported), its
 * positions (replayed from the ledger at load), and its account file (rewritten atomically after
 * every fill). Owned by the paperboi actor.
 */
final class PaperAccount {
  private final String account;
  private final Path dataDir;
  private final LedgerFile ledger;
  private final Positions positions;

  private PaperAccount(String account, Path dataDir, LedgerFile ledger, Positions positions) {
    this.account = account;
    this.dataDir = dataDir;
    this.ledger = ledger;
    this.positions = positions;
  }

  /** The ledger could not be loaded; the message says which file and line, and what to do, in words. */
  static final class UnreadableLedger extends RuntimeException {
    UnreadableLedger(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static PaperAccount load(Path dataDir, String account) {
    try {
      LedgerFile ledger = LedgerFile.open(dataDir, account);
      return new PaperAccount(account, dataDir, ledger, Positions.replay(account, ledger.clears()));
    } catch (MalformedLedgerException e) {
      throw new UnreadableLedger("the ledger of " + account + " cannot be read: " + e.getMessage() + ". Nothing of "
          + account + " is cleared until it is repaired: fix that line (or move the file away to start the "
          + "account with no trades), then try again", e);
    } catch (IOException e) {
      String why = e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
      throw new UnreadableLedger("the ledger of " + account + " cannot be read (" + LedgerFile.path(dataDir, account)
          + ": " + why + "). Nothing of " + account + " is cleared until it can be read", e);
    }
  }

  String account() {
    return account;
  }

  Path ledgerPath() {
    return ledger.path();
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
    List<String> tids = new ArrayList<>();
    boolean complete = positions.has(tid(oid, 1, true));
    if (complete) {
      tids.add(tid(oid, 1, true));
    }
    for (int fill = 1; !complete && positions.has(tid(oid, fill, false)); fill++) {
      tids.add(tid(oid, fill, false));
      complete = positions.has(tid(oid, fill + 1, true));
      if (complete) {
        tids.add(tid(oid, fill + 1, true));
      }
    }
    if (tids.isEmpty()) {
      return new LedgerFills(List.of(), false);
    }
    Map<String, Clear> byTid = new HashMap<>();
    ledger.clears().stream().filter(clear -> tids.contains(clear.tid()) && !byTid.containsKey(clear.tid()))
        .forEach(clear -> byTid.put(clear.tid(), clear));
    return new LedgerFills(tids.stream().map(byTid::get).toList(), complete);
  }

  /** Journals the clears in the ledger (one fsync) and applies them; returns the positions touched. */
  List<ClearingProtocol.PositionUpdate> record(List<Clear> clears) {
    try {
      List<Clear> appended = ledger.append(clears);
      appended.forEach(positions::apply);
    } catch (IOException e) {
      // nothing is reported before it is on disk: fail, and let the supervisor start afresh from the ledger
      throw new UncheckedIOException("cannot record " + clears.size() + " fills of " + account + ": " + e.getMessage(), e);
    }
    return clears.stream().map(Clear::fqme).distinct().map(this::position).toList();
  }

  /** The account's open positions, for its account file. */
  List<Position> openPositions() {
    return positions.open();
  }

  ClearingProtocol.PositionUpdate position(Fqme fqme) {
    return positions.position(fqme).map(this::update)
        .orElse(new ClearingProtocol.PositionUpdate(account, fqme, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO));
  }

  List<ClearingProtocol.PositionUpdate> open() {
    return positions.open().stream().map(this::update).toList();
  }

  private ClearingProtocol.PositionUpdate update(Position position) {
    return new ClearingProtocol.PositionUpdate(account, position.fqme(), position.size(), position.avgPrice(),
        position.breakEven());
  }
}
