package piker.contracts.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a backend's own section of conf.toml ({@code [<backend>]}) may hold, each with its type and
 * meaning. pikerd refuses a conf.toml whose section has any other key, or a value of the wrong type,
 * naming the line and the nearest declared key. A section is flat ({@code key = value}); the live
 * accounts table {@code [<backend>.accounts]} is declared by pikerd for every backend with a trade side.
 */
public final class SettingsSchema {
  private static final SettingsSchema NONE = new SettingsSchema(Map.of());

  private final Map<String, Setting> settings;

  private SettingsSchema(Map<String, Setting> settings) {
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /** One key: its name, what it may hold, and what it means (for docs and messages). */
  public record Setting(String key, SettingType type, String meaning) {}

  /** A backend with no settings of its own. */
  public static SettingsSchema none() {
    return NONE;
  }

  public static SettingsSchema of(Setting... settings) {
    Map<String, Setting> byKey = new LinkedHashMap<>();
    for (Setting setting : settings) {
      if (byKey.put(setting.key(), setting) != null) {
        throw new IllegalArgumentException("setting '" + setting.key() + "' is declared twice");
      }
    }
    return new SettingsSchema(byKey);
  }

  public Optional<Setting> find(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** In declaration order. */
  public Map<String, Setting> settings() {
    return settings;
  }
}
