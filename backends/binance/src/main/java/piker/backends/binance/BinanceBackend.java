package piker.backends.binance;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import piker.backends.binance.data.BinanceDataClient;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.DataClient;
import piker.contracts.spi.SettingsSchema;

/**
 * Binance spot, written from Binance's API docs (docs/venues/binance.md): for now the data side only
 * (markets, search, live quotes, history), so datad can serve {@code <symbol>.spot.binance}.
 */
public final class BinanceBackend implements Backend {
  public static final String NAME = "binance";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Endpoint> endpoints() {
    return EnumSet.of(Endpoint.GET_CLIENT, Endpoint.STREAM_QUOTES, Endpoint.GET_MKT_INFO,
        Endpoint.OPEN_SYMBOL_SEARCH, Endpoint.OPEN_HISTORY_CLIENT);
  }

  @Override
  public SettingsSchema settingsSchema() {
    return BinanceSettings.schema();
  }

  @Override
  public CompletionStage<DataClient> openDataClient(BackendContext context) {
    return BinanceDataClient.open(BinanceSettings.from(context.config())).thenApply(client -> client);
  }
}
