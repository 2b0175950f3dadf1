package piker.backends.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinanceSettingsTest {
  @Test
  void anEmptySectionMeansBinancesProductionHosts() {
    BinanceSettings settings = BinanceSettings.from(Map.of());
    assertEquals(URI.create("https://api.binance.com"), settings.restUrl());
    assertEquals(URI.create("wss://stream.binance.com:9443"), settings.streamUrl());
    assertEquals(URI.create("wss://ws-api.binance.com:443/ws-api/v3"), settings.wsApiUrl());
  }

  @Test
  void eachEndpointCanPointElsewhereAndLosesATrailingSlash() {
    BinanceSettings settings = BinanceSettings.from(Map.of("rest_url", "https://testnet.binance.vision/",
        "stream_url", "ws://127.0.0.1:9443/", "ws_api_url", "ws://127.0.0.1:9444/ws-api/v3"));
    assertEquals(URI.create("https://testnet.binance.vision"), settings.restUrl());
    assertEquals(URI.create("ws://127.0.0.1:9443"), settings.streamUrl());
    assertEquals(URI.create("ws://127.0.0.1:9444/ws-api/v3"), settings.wsApiUrl());
  }

  @Test
  void theSchemaRefusesAPlainHttpStreamUrl() {
    var stream = BinanceSettings.schema().find("stream_url").orElseThrow();
    assertTrue(stream.type().problem("https://stream.binance.com").isPresent());
    assertTrue(stream.type().problem("wss://stream.binance.com:9443").isEmpty());
  }
}
