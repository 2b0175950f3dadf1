package piker.contracts.names;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import piker.contracts.endpoints.DaemonKind;

/**
 * A daemon's logical name: its kind, plus the broker for per-broker kinds ({@code datad.sim},
 * {@code paperboi.sim}, {@code brokerd.sim}); singletons are just their kind ({@code emsd}).
 */
public record ServiceName(DaemonKind kind, String broker) {

  public ServiceName {
    if (kind == null) {
      throw new IllegalArgumentException("service name needs a daemon kind");
    }
    broker = broker == null ? "" : broker;
    if (kind.perBroker() && !NamePart.valid(broker)) {
      throw new IllegalArgumentException(kind.wireName() + " needs a broker name, got '" + broker + "'");
    }
    if (!kind.perBroker() && !broker.isEmpty()) {
      throw new IllegalArgumentException(kind.wireName() + " is a singleton and takes no broker");
    }
  }

  public static ServiceName of(DaemonKind kind) {
    return new ServiceName(kind, "");
  }

  public static ServiceName of(DaemonKind kind, String broker) {
    return new ServiceName(kind, broker);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ServiceName parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("service name is missing");
    }
    String folded = text.strip().toLowerCase(Locale.ROOT);
    int dot = folded.indexOf('.');
    String kind = dot < 0 ? folded : folded.substring(0, dot);
    String broker = dot < 0 ? "" : folded.substring(dot + 1);
    return new ServiceName(DaemonKind.fromWireName(kind), broker);
  }

  @JsonValue
  @Override
  public String toString() {
    return broker.isEmpty() ? kind.wireName() : kind.wireName() + '.' + broker;
  }
}
