package piker.contracts.endpoints;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of daemon in the tree, in the order they start (and the reverse of how they stop). */
public enum DaemonKind {
  PIKERD(false),
  SAMPLERD(false),
  DATAD(true),
  EMSD(false),
  PAPERBOI(true),
  BROKERD(true);

  private final boolean perBroker;

  DaemonKind(boolean perBroker) {
    this.perBroker = perBroker;
  }

  /** True for kinds that run once per backend ({@code datad.<broker>}). */
  public boolean perBroker() {
    return perBroker;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DaemonKind fromWireName(String name) {
    for (DaemonKind kind : values()) {
      if (kind.wireName().equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown daemon kind '" + name + "'; known: "
        + Arrays.stream(values()).map(DaemonKind::wireName).collect(Collectors.joining(", ")));
  }
}
