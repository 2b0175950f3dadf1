package piker.contracts.spi;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CompletionStage;
import piker.contracts.RemoteError;

/**
 * The trade side of a backend (the trade dialog and trade normalisation endpoints), used by brokerd
 * alone. Requests are correlated by the caller's request id; events arrive on {@link TradeListener}.
 */
public interface TradeClient extends AutoCloseable {

  /** Submits (or, for a known {@code reqid}, modifies) an order; completes with the venue's order id. */
  CompletionStage<String> submit(BrokerOrder order);

  /** Cancels a venue order by its id. */
  CompletionStage<Void> cancel(String account, String venueOrderId);

  /** Starts the dialog's event stream: acks, fills, cancels and errors for the account. */
  void openDialog(String account, TradeListener listener);

  /** The account's trades as the venue records them, normalised for the ledger. */
  CompletionStage<List<NormTrade>> trades(String account);

  @Override
  void close();

  /** An order as the venue sees it. Prices and sizes are exact decimals. */
  record BrokerOrder(String reqid, String account, String bsFqme, String action, BigDecimal price,
                     BigDecimal size) {}

  /** One venue trade, normalised: the ledger's unit, keyed by the venue's trade id. */
  record NormTrade(String tid, String bsFqme, BigDecimal size, BigDecimal price, BigDecimal cost,
                   long timeNs, String bsMktid) {}

  /** Venue events for an open trade dialog. */
  interface TradeListener {
    void onFill(String venueOrderId, NormTrade trade);

    void onOrderStatus(String venueOrderId, String status, String reason);

    void onError(RemoteError error);
  }
}
