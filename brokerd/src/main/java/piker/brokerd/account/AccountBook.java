package piker.brokerd.account;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.LoggerFactory;
import piker.accounting.AccountWriter;
import piker.accounting.Clear;
import piker.accounting.LedgerFile;
import piker.accounting.Position;
import piker.accounting.Positions;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.names.AccountName;
import piker.contracts.names.Fqme;
import piker.contracts.orders.OrderAction;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.VenuePosition;

/**
 * A live account's books: its ledger of the venue's trades (append-only, fsync'd, deduplicated by trade
 * id), the positions they add up to, and the account file written from them off the order path. Plain
 * code with no actor in it, confined to its {@link BookThread}'s thread.
 */
final class AccountBook implements AutoCloseable {
  private final Path dataDir;
  private final String account;
  private final AccountName name;
  private final AccountWriter accountFiles;
  private LedgerFile ledger;
  private Positions positions;

  AccountBook(Path dataDir, AccountName account) {
    this.dataDir = dataDir;
    this.account = account.toString();
    this.name = account;
    this.accountFiles = new AccountWriter(dataDir);
  }

  AccountBook(Path dataDir, String account) {
    this(dataDir, AccountName.parse(account));
  }

  String account() {
    return account;
  }

  /** The ledger, opened (and its positions replayed) on first use. */
  private LedgerFile ledger() throws IOException {
    if (ledger == null) {
      ledger = LedgerFile.open(dataDir, account);
      positions = Positions.replay(account, ledger.clears());
    }
    return ledger;
  }

  /** Appends the venue's trades the ledger lacks (the venue is the truth of what traded); how many. */
  int sync(List<NormTrade> trades) throws IOException {
    LedgerFile file = ledger();
    List<Clear> missing = new ArrayList<>();
    for (NormTrade trade : trades) {
      if (!file.has(trade.tradeId())) {
        missing.add(clear(trade));
      }
    }
    if (!missing.isEmpty()) {
      file.append(missing).forEach(positions::apply);
      accountFiles.write(account, positions.open());
    }
    return missing.size();
  }

  /** One fill: ledgered (fsync) before anyone hears of it; the market's position after it, or empty if known. */
  Optional<ClearingProtocol.PositionUpdate> record(NormTrade trade) throws IOException {
    LedgerFile file = ledger();
    if (file.has(trade.tradeId())) {
      return Optional.empty();
    }
    Clear clear = clear(trade);
    file.append(List.of(clear));
    positions.apply(clear);
    accountFiles.write(account, positions.open());
    return Optional.of(positions.position(clear.fqme()).map(AccountBook::update).orElse(
        new ClearingProtocol.PositionUpdate(account, clear.fqme(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO)));
  }

  /** The books against the venue: what blocks order entry (null when nothing does) and what is only reported. */
  record Comparison(String mismatch, List<String> notices) {}

  /** Where the ledger's positions and the venue's differ (see {@link PositionCheck} for the rule). */
  Comparison compare(List<VenuePosition> venue) throws IOException {
    LedgerFile file = ledger();
    Map<String, BigDecimal> ours = new TreeMap<>();
    positions.open().forEach(position -> ours.put(position.fqme().bsFqme(), position.size()));
    PositionCheck.Verdict verdict = PositionCheck.compare(ours, file.clears(), venue);
    String mismatch = verdict.agrees() ? null : "position mismatch in " + account + " ("
        + String.join("; ", verdict.blocking()) + "): live order entry is blocked until the ledger " + file.path()
        + " and the venue agree";
    return new Comparison(mismatch, verdict.notices().stream().map(notice -> account + ": " + notice).toList());
  }

  /** Where the ledger's positions and the venue's differ in a way that blocks order entry; null when none. */
  String mismatch(List<VenuePosition> venue) throws IOException {
    return compare(venue).mismatch();
  }

  /** Every market the ledger has traded (bs_fqme), open or flat. */
  Set<String> markets() throws IOException {
    Set<String> markets = new TreeSet<>();
    ledger().clears().forEach(clear -> markets.add(clear.fqme().bsFqme()));
    return markets;
  }

  /** The open positions, as emsd hears them. */
  List<ClearingProtocol.PositionUpdate> positions() {
    return positions == null ? List.of() : positions.open().stream().map(AccountBook::update).toList();
  }

  ClearingProtocol.LedgerReply reply() throws IOException {
    return new ClearingProtocol.LedgerReply(account, ledger().path().toString(), positions());
  }

  Fqme fqme(String bsFqme) {
    return Fqme.parse(bsFqme + "." + name.broker());
  }

  private Clear clear(NormTrade trade) {
    boolean sell = OrderAction.parse(trade.side()).orElse(OrderAction.BUY) == OrderAction.SELL;
    // a fee taken in the base asset moves the position as it moves the venue's balance: a buy gets less, a sale
    // gives more (the fee's cost is in trade.fee, so the break-even keeps it)
    BigDecimal signed = (sell ? trade.size().negate() : trade.size()).subtract(trade.baseFee());
    return new Clear(trade.tradeId(), fqme(trade.bsFqme()), signed, trade.price(), trade.fee(),
        Instant.ofEpochSecond(0, trade.timeNs()), trade.bsMktid());
  }

  private static ClearingProtocol.PositionUpdate update(Position position) {
    return new ClearingProtocol.PositionUpdate(position.account(), position.fqme(), position.size(),
        position.avgPrice(), position.breakEven());
  }

  /** Writes the account file still queued and closes the ledger. */
  @Override
  public void close() {
    accountFiles.close();
    if (ledger != null) {
      try {
        ledger.close();
      } catch (IOException e) {
        // every append was fsync'd when it completed: nothing is lost by a failed close
        LoggerFactory.getLogger(AccountBook.class).warn("closing the ledger of {}: {}", account, e.getMessage());
      }
    }
  }
}
