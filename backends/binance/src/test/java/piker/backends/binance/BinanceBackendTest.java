package piker.backends.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import piker.backends.binance.fake.BinanceFake;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.DataClient;

class BinanceBackendTest {
  private final BinanceBackend backend = new BinanceBackend();

  @Test
  void itIsNamedBinanceAndServesDatadOnlyForNow() {
    assertEquals("binance", backend.name());
    assertFalse(backend.endpoints().contains(Endpoint.OPEN_TRADE_DIALOG));
    assertEquals(java.util.Set.of(Endpoint.GET_CLIENT, Endpoint.STREAM_QUOTES, Endpoint.GET_MKT_INFO,
        Endpoint.OPEN_SYMBOL_SEARCH, Endpoint.OPEN_HISTORY_CLIENT), backend.endpoints());
    backend.endpoints().forEach(endpoint -> endpoint.kind().ifPresent(kind -> assertEquals(DaemonKind.DATAD, kind)));
    assertEquals(BinanceSettings.schema().find("rest_url"), backend.settingsSchema().find("rest_url"));
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
