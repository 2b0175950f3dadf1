package piker.backends.kraken;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import piker.backends.kraken.data.KrakenDataClient;
import piker.backends.kraken.rest.KeyRegistry;
import piker.backends.kraken.rest.RequestSigner;
import piker.backends.kraken.trade.KrakenTradeClient;
import piker.backends.kraken.trade.TradeTiming;
import piker.contracts.ErrorKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.DataClient;
import piker.contracts.spi.SettingsSchema;
import piker.contracts.spi.TradeClient;

/**
 * Kraken spot, written from Kraken's Spot REST and WebSocket v2 docs (docs/venues/kraken.md): the data side
 * (markets, search, live quotes, history) for datad, so it serves {@code <pair>.spot.kraken}, and the trade
 * side for brokerd, logged in with the key of brokers.toml {@code [kraken]}. Nothing here reaches Kraken
 * before a daemon opens a side: pikerd itself never contacts it.
 */
public final class KrakenBackend implements Backend {
  public static final String NAME = "kraken";

  /** This instance's per-key nonces and call budgets (clients of one key share them) and their I/O threads. */
  private final KeyRegistry keys = new KeyRegistry(KeyRegistry.newIo());

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
    return KrakenSettings.schema();
  }

  @Override
  public CompletionStage<DataClient> openDataClient(BackendContext context) {
    return KrakenDataClient.open(KrakenSettings.from(context.config())).thenApply(client -> client);
  }

  /**
   * Logs in to the account with brokers.toml's key ({@link KrakenKeys}): a key or secret that is missing or not
   * base64 is refused here, naming the field (CredentialsRefused, which brokerd does not retry); a key Kraken
   * refuses fails as InvalidKey in Kraken's words. Nonces persist in the data dir (see {@code rest.Nonces}).
   */
  @Override
  public CompletionStage<TradeClient> openTradeClient(BackendContext context, Credentials credentials,
                                                      String venueAccount, TradeClient.TradeListener listener) {
    KrakenSettings settings;
    try {
      settings = KrakenSettings.from(context.config());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(ErrorKind.INVALID_REQUEST.error("conf.toml " + e.getMessage(), NAME)
          .toException());
    }
    RequestSigner signer;
    try {
      signer = KrakenKeys.signer(credentials);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(ErrorKind.CREDENTIALS_REFUSED.error(e.getMessage(), NAME).toException());
    }
    return KrakenTradeClient.open(settings, signer, context.settings().dataDir(),
        venueAccount, listener, TradeTiming.KRAKEN, keys);
  }
}
