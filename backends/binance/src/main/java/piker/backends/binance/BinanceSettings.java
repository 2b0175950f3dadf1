package piker.backends.binance;

import java.net.URI;
import java.util.Map;
import piker.contracts.spi.SettingType;
import piker.contracts.spi.SettingsSchema;
import piker.contracts.spi.SettingsSchema.Setting;

/**
 * The {@code [binance]} section of conf.toml: the three endpoints, so a user can point pikerd at Binance's
 * spot testnet or demo environment, and tests at the protocol fake (docs/venues/binance.md section 1).
 *
 * @param restUrl   REST base ({@code /api/v3/...} is appended)
 * @param streamUrl market streams base ({@code /ws} or {@code /stream?streams=} is appended)
 * @param wsApiUrl  the WebSocket API endpoint itself (user data stream, signed requests)
 */
public record BinanceSettings(URI restUrl, URI streamUrl, URI wsApiUrl) {
  public static final String REST_URL = "rest_url";
  public static final String STREAM_URL = "stream_url";
  public static final String WS_API_URL = "ws_api_url";

  /** Binance's production hosts (rest-api.md, web-socket-streams.md, web-socket-api.md: General API Information). */
  public static final BinanceSettings PRODUCTION = new BinanceSettings(URI.create("https://api.binance.com"),
      URI.create("wss://stream.binance.com:9443"), URI.create("wss://ws-api.binance.com:443/ws-api/v3"));

  public BinanceSettings {
    restUrl = withoutTrailingSlash(restUrl);
    streamUrl = withoutTrailingSlash(streamUrl);
  }

  public static SettingsSchema schema() {
    return SettingsSchema.of(
        new Setting(REST_URL, SettingType.url("https", "http"),
            "REST base URL (exchangeInfo, klines, orders, account); default " + PRODUCTION.restUrl()),
        new Setting(STREAM_URL, SettingType.url("wss", "ws"),
            "market streams base URL; the client adds /ws or /stream; default " + PRODUCTION.streamUrl()),
        new Setting(WS_API_URL, SettingType.url("wss", "ws"),
            "WebSocket API URL (user data stream, signed requests); default " + PRODUCTION.wsApiUrl()));
  }

  /** The settings in a {@code [binance]} section pikerd has already checked against {@link #schema()}. */
  public static BinanceSettings from(Map<String, Object> section) {
    return new BinanceSettings(uri(section, REST_URL, PRODUCTION.restUrl()),
        uri(section, STREAM_URL, PRODUCTION.streamUrl()), uri(section, WS_API_URL, PRODUCTION.wsApiUrl()));
  }

  private static URI uri(Map<String, Object> section, String key, URI fallback) {
    Object value = section.get(key);
    return value == null || String.valueOf(value).isBlank() ? fallback : URI.create(String.valueOf(value).strip());
  }

  private static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }
}
