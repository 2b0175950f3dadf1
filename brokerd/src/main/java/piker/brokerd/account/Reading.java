package piker.brokerd.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.names.AccountName;
import piker.contracts.spi.TradeClient;
import piker.contracts.spi.TradeClient.OrderRef;

/**
 * One reconcile's reading: the ledger's markets (on the ledger's writer), then the venue's snapshot of every
 * market brokerd knows ({@link VenueSnapshot}), then the ledger synced with the venue's trades and compared
 * with its positions (on the writer again, so after every fill written before).
 */
record Reading(VenueSnapshot snapshot, BookThread.Synced ledger) {

  /**
   * @param known     the orders to look up at the venue (by venue order id, else client id, in their market)
   * @param withReply a ledger sync: the ledger's reply too
   */
  static CompletionStage<Reading> take(BookThread writer, TradeClient venue, OrderIndex index,
                                       List<ClearingProtocol.KnownOrder> known, boolean withReply) {
    Map<String, OrderRef> refs = new LinkedHashMap<>();
    known.forEach(order -> refs.put(order.oid(), new OrderRef(index.marketOf(order), order.reqid(),
        order.reqid() == null ? order.oid() : null)));
    Set<String> markets = new TreeSet<>(index.markets());
    refs.values().stream().map(OrderRef::bsFqme).filter(Objects::nonNull).forEach(markets::add);
    return writer.markets().thenCompose(ledgerMarkets -> {
      markets.addAll(ledgerMarkets);
      return VenueSnapshot.fetch(venue, markets, refs);
    }).thenCompose(snapshot -> writer.sync(snapshot.trades(), snapshot.positions(), withReply)
        .thenApply(ledger -> new Reading(snapshot, ledger)));
  }

  /** True when the ledger, not the venue, failed the reading. */
  static boolean ledgerFailed(Throwable error) {
    return cause(error) instanceof BookThread.LedgerFailure;
  }

  /** Why a reading failed, as emsd and the log are told. */
  static RemoteError failure(Throwable error, AccountName account, String source) {
    Throwable cause = cause(error);
    return cause instanceof BookThread.LedgerFailure ? RemoteError.of("LedgerError", "the ledger of " + account
        + " cannot be synced: " + cause.getMessage(), source) : RemoteError.of(cause, source);
  }

  private static Throwable cause(Throwable error) {
    return error instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : error;
  }
}
