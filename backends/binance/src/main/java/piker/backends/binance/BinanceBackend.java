package piker.backends.binance;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import piker.backends.binance.data.BinanceDataClient;
import piker.backends.binance.rest.HostGates;
import piker.backends.binance.rest.ServerClock;
import piker.backends.binance.trade.BinanceTradeClient;
import piker.backends.binance.trade.RequestSigner;
import piker.contracts.RemoteError;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.DataClient;
import piker.contracts.spi.SettingsSchema;
import piker.contracts.spi.TradeClient;

/**
 * Binance spot, written from Binance's API docs (docs/venues/binance.md): the data side (markets, search,
 * live quotes, history) for datad, so it serves {@code <symbol>.spot.binance}, and the trade side for
 * brokerd, logged in with the key of brokers.toml {@code [binance]} ({@link BinanceKeys}). Nothing here
 * reaches Binance before a daemon opens a side: pikerd itself never contacts it.
 */
public final class BinanceBackend implements Backend {
  public static final String NAME = "binance";

  /** Binance's time for this instance's rate gates; the data side's clock reads set it. */
  private final ServerClock clock = ServerClock.system();
  /** This instance's REST budgets, one per host, spent by its data and trade side alike (13.3). */
  private final HostGates gates = new HostGates(clock::nowMillis);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Endpoint> endpoints() {
    return EnumSet.of(Endpoint.GET_CLIENT, Endpoint.STREAM_QUOTES, Endpoint.GET_MKT_INFO,
        Endpoint.OPEN_SYMBOL_SEARCH, Endpoint.OPEN_HISTORY_CLIENT, Endpoint.OPEN_TRADE_DIALOG, Endpoint.NORM_TRADE);
  }

  @Override
  public SettingsSchema settingsSchema() {
    return BinanceSettings.schema();
  }

  @Override
  public CompletionStage<DataClient> openDataClient(BackendContext context) {
    return BinanceDataClient.open(BinanceSettings.from(context.config()), clock, gates).thenApply(client -> client);
  }

  /**
   * Logs in to the account with brokers.toml's key: a key or secret that is missing or unreadable is
   * refused here, naming the field (CredentialsRefused, which brokerd does not retry); a key Binance refuses
   * fails with Binance's code and words.
   */
  @Override
  public CompletionStage<TradeClient> openTradeClient(BackendContext context, Credentials credentials,
                                                      String venueAccount, TradeClient.TradeListener listener) {
    RequestSigner signer;
    try {
      signer = BinanceKeys.signer(credentials, context.settings().configDir());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(RemoteError.of("CredentialsRefused", e.getMessage(), NAME).toException());
    }
    return BinanceTradeClient.open(BinanceSettings.from(context.config()), signer, venueAccount, listener, gates);
  }
}
