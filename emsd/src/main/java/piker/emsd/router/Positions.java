package piker.emsd.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.ems.EmsProtocol;

/** The latest position of each account in each market, as the clearing daemons reported it. */
final class Positions {
  private final Map<String, Map<String, EmsProtocol.Position>> byAccount = new HashMap<>();

  EmsProtocol.Position remember(ClearingProtocol.PositionUpdate update) {
    EmsProtocol.Position position = EmsProtocol.Position.of(update);
    Map<String, EmsProtocol.Position> account = byAccount.computeIfAbsent(update.account(), a -> new TreeMap<>());
    if (update.size().signum() == 0) {
      account.remove(position.fqme());
    } else {
      account.put(position.fqme(), position);
    }
    return position;
  }

  List<EmsProtocol.Position> of(Set<String> accounts) {
    List<EmsProtocol.Position> open = new ArrayList<>();
    accounts.forEach(account -> open.addAll(byAccount.getOrDefault(account, Map.of()).values()));
    return open;
  }
}
