package piker.contracts.spi;

import java.util.Map;

/**
 * A backend's credentials from brokers.toml. Deliberately not serializable and printed masked: they
 * never cross the wire or reach a log line.
 */
public final class Credentials {
  private final Map<String, String> fields;

  public Credentials(Map<String, String> fields) {
    this.fields = Map.copyOf(fields);
  }

  public String get(String field) {
    return fields.getOrDefault(field, "");
  }

  @Override
  public String toString() {
    return "Credentials[" + fields.keySet() + " = ***]";
  }
}
