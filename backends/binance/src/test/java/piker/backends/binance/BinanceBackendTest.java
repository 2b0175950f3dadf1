package piker.backends.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import piker.backends.binance.fake.BinanceFake;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.spi.BackendCatalog;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.DataClient;

class BinanceBackendTest {
  private final BinanceBackend backend = new BinanceBackend();

  @Test
  void itIsNamedBinanceAndServesBothSides() {
    assertEquals("binance", backend.name());
    assertEquals(java.util.Set.of(Endpoint.GET_CLIENT, Endpoint.STREAM_QUOTES, Endpoint.GET_MKT_INFO,
        Endpoint.OPEN_SYMBOL_SEARCH, Endpoint.OPEN_HISTORY_CLIENT, Endpoint.OPEN_TRADE_DIALOG, Endpoint.NORM_TRADE),
        backend.endpoints());
    assertEquals(BinanceSettings.schema().find("rest_url"), backend.settingsSchema().find("rest_url"));
  }

  @Test
  void theServiceLoaderFindsIt() {
    assertTrue(BackendCatalog.load(getClass().getClassLoader()).find("binance").isPresent());
  }

  @Test
  void theDataClientUsesTheConfiguredEndpoints() throws Exception {
    try (BinanceFake fake = BinanceFake.start(BinanceFake.Options.defaults().history(Duration.ofMinutes(1),
        Duration.ofSeconds(10)))) {
      BackendContext context = new BackendContext(RuntimeSettings.of(Path.of("unused")), Map.of(
          "rest_url", fake.restUrl().toString(), "stream_url", fake.streamUrl().toString()));
      try (DataClient client = backend.openDataClient(context).toCompletableFuture().get(10, TimeUnit.SECONDS)) {
        assertEquals("BTCUSDT", client.mktInfo("btcusdt.spot").toCompletableFuture().get(10, TimeUnit.SECONDS)
            .bsMktid());
      }
    }
  }
}
