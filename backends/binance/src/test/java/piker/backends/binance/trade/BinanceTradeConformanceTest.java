package piker.backends.binance.trade;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import piker.backends.binance.BinanceBackend;
import piker.backends.binance.BinanceSettings;
import piker.backends.binance.data.BinanceFakeDriver;
import piker.backends.binance.fake.BinanceFake;
import piker.backends.testkit.TradeSideConformance;
import piker.backends.testkit.VenueDriver;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.DataClient;
import piker.contracts.spi.SettingsSchema;
import piker.contracts.spi.TradeClient;

/**
 * The binance backend's trade side passes the conformance kit (backends/testkit) against the protocol fake,
 * whose commission is zero here: the kit counts a fill's size exactly in the base asset's balance.
 */
class BinanceTradeConformanceTest implements TradeSideConformance {
  private static BinanceFake fake;
  private static BinanceFakeDriver driver;

  @BeforeAll
  static void startFake() {
    fake = BinanceFake.start(BinanceFake.Options.quick());
    fake.commissionRate("0");
    driver = new BinanceFakeDriver(fake, new Trading());
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @Override
  public VenueDriver driver() {
    return driver;
  }

  /**
   * The binance backend, its trade side opened from brokers.toml's [binance] api_key and api_secret (HMAC)
   * right here: the backend's own openTradeClient is wired in another change (lane i15b-wire).
   */
  private static final class Trading implements Backend {
    private final BinanceBackend backend = new BinanceBackend();

    @Override
    public String name() {
      return backend.name();
    }

    @Override
    public Set<Endpoint> endpoints() {
      return backend.endpoints();
    }

    @Override
    public SettingsSchema settingsSchema() {
      return backend.settingsSchema();
    }

    @Override
    public CompletionStage<DataClient> openDataClient(BackendContext context) {
      return backend.openDataClient(context);
    }

    @Override
    public CompletionStage<TradeClient> openTradeClient(BackendContext context, Credentials credentials,
                                                        String venueAccount, TradeClient.TradeListener listener) {
      return BinanceTradeClient.open(BinanceSettings.from(context.config()), credentials.get(BinanceFakeDriver.API_KEY),
          credentials.get(BinanceFakeDriver.API_SECRET), venueAccount, listener);
    }
  }
}
