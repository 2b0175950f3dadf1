package piker.backends.kraken;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import piker.contracts.spi.SettingType;
import piker.contracts.spi.SettingsSchema;
import piker.contracts.spi.SettingsSchema.Setting;

/**
 * The {@code [kraken]} section of conf.toml: the three endpoints, so a user can point pikerd at Kraken's beta
 * hosts and tests at the protocol fake (docs/venues/kraken.md section 1), and the dead man's switch.
 *
 * @param restUrl      REST base ({@code /0/public/...} and {@code /0/private/...} are appended)
 * @param wsUrl        the public WebSocket v2 endpoint itself (market data)
 * @param wsAuthUrl    the private WebSocket v2 endpoint itself (orders, executions)
 * @param cancelAfter  Kraken's {@code cancel_all_orders_after} timeout brokerd keeps re-arming while emsd is
 *                     there; zero leaves the switch off
 * @param tier         the account's verification tier, which sets the private REST call counter's maximum and
 *                     decay ({@code starter}, {@code intermediate}, {@code pro}; docs/venues/kraken.md 4.1)
 */
public record KrakenSettings(URI restUrl, URI wsUrl, URI wsAuthUrl, Duration cancelAfter, String tier) {
  public static final String REST_URL = "rest_url";
  public static final String WS_URL = "ws_url";
  public static final String WS_AUTH_URL = "ws_auth_url";
  public static final String CANCEL_AFTER = "cancel_after";
  public static final String TIER = "tier";
  /** The documented tiers; the lowest is assumed unless conf.toml says otherwise. */
  public static final java.util.List<String> TIERS = java.util.List.of("starter", "intermediate", "pro");
  /** Kraken's longest {@code cancel_all_orders_after} timeout: "less than 86400 seconds" (docs/venues/kraken.md 9). */
  static final long MAX_CANCEL_AFTER_SECONDS = 86_399;

  /** Kraken's production hosts (docs/venues/kraken.md section 1); the switch off. */
  public static final KrakenSettings PRODUCTION = new KrakenSettings(URI.create("https://api.kraken.com"),
      URI.create("wss://ws.kraken.com/v2"), URI.create("wss://ws-auth.kraken.com/v2"), Duration.ZERO);

  public KrakenSettings {
    restUrl = withoutTrailingSlash(restUrl);
    tier = tier == null || tier.isBlank() ? TIERS.get(0) : tier.strip().toLowerCase(java.util.Locale.ROOT);
    if (!TIERS.contains(tier)) {
      throw new IllegalArgumentException("[kraken] " + TIER + " is one of " + String.join(", ", TIERS) + ", not " + tier);
    }
  }

  /** The settings at the lowest tier. */
  public KrakenSettings(URI restUrl, URI wsUrl, URI wsAuthUrl, Duration cancelAfter) {
    this(restUrl, wsUrl, wsAuthUrl, cancelAfter, null);
  }

  public static SettingsSchema schema() {
    return SettingsSchema.of(
        new Setting(REST_URL, SettingType.url("https", "http"),
            "REST base URL (AssetPairs, OHLC, Trades, orders, balances); default " + PRODUCTION.restUrl()),
        new Setting(WS_URL, SettingType.url("wss", "ws"),
            "public WebSocket v2 URL (ticker, trade); default " + PRODUCTION.wsUrl()),
        new Setting(WS_AUTH_URL, SettingType.url("wss", "ws"),
            "private WebSocket v2 URL (add_order, cancel_order, executions); default " + PRODUCTION.wsAuthUrl()),
        new Setting(CANCEL_AFTER, SettingType.wholeNumber(0, MAX_CANCEL_AFTER_SECONDS),
            "dead man's switch in seconds: Kraken cancels every open order of the account this long after "
                + "pikerd's emsd stops re-arming it (a crash, a hang); 0, the default, leaves it off"),
        new Setting(TIER, SettingType.oneOf(TIERS.toArray(String[]::new)),
            "the account's Kraken tier for the private REST call counter: starter (the default: max 15, -0.33/s), "
                + "intermediate (20, -0.5/s) or pro (20, -1/s)"));
  }

  /** The settings in a {@code [kraken]} section pikerd has already checked against {@link #schema()}. */
  public static KrakenSettings from(Map<String, Object> section) {
    Object cancelAfter = section.get(CANCEL_AFTER);
    return new KrakenSettings(uri(section, REST_URL, PRODUCTION.restUrl()), uri(section, WS_URL, PRODUCTION.wsUrl()),
        uri(section, WS_AUTH_URL, PRODUCTION.wsAuthUrl()),
        cancelAfter == null ? Duration.ZERO : Duration.ofSeconds(((Number) cancelAfter).longValue()),
        section.get(TIER) == null ? null : String.valueOf(section.get(TIER)));
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
