package piker.pikerd.cluster;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import piker.contracts.endpoints.DaemonKind;

/**
 * The roles a pikerd node can take (Pekko cluster roles by these names). Each daemon kind needs one,
 * except samplerd (any node) and pikerd itself (every node); a node without roles takes every kind.
 */
public enum NodeRole {
  /** datad: feeds near the venue. */
  DATA,
  /** emsd and paperboi: routing, the dark book, the journal, paper clearing. */
  CLEARING,
  /** brokerd: the only role that reads brokers.toml. */
  BROKER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role a node needs to run {@code kind}; empty when any node may. */
  public static Optional<NodeRole> neededBy(DaemonKind kind) {
    return switch (kind) {
      case DATAD -> Optional.of(DATA);
      case EMSD, PAPERBOI -> Optional.of(CLEARING);
      case BROKERD -> Optional.of(BROKER);
      case SAMPLERD, PIKERD -> Optional.empty();
    };
  }

  /** Whether a node with {@code roles} (none: every role) may run {@code kind}. */
  public static boolean admits(Set<NodeRole> roles, DaemonKind kind) {
    return roles.isEmpty() || neededBy(kind).map(roles::contains).orElse(true);
  }

  /** The piker roles among a member's Pekko roles (Pekko adds its own {@code dc-*} role to every member). */
  public static Set<NodeRole> of(Collection<String> memberRoles) {
    Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
    for (String role : memberRoles) {
      for (NodeRole known : values()) {
        if (known.wireName().equals(role)) {
          roles.add(known);
        }
      }
    }
    return roles;
  }

  /** {@code --roles data,clearing}; an unknown or empty name is an error that lists the known ones. */
  public static Set<NodeRole> parse(String list) {
    Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
    for (String part : list.split(",", -1)) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      NodeRole role = Arrays.stream(values()).filter(known -> known.wireName().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown role '" + part.strip() + "'; known: "
              + Arrays.stream(values()).map(NodeRole::wireName).collect(Collectors.joining(", "))));
      roles.add(role);
    }
    return roles;
  }
}
