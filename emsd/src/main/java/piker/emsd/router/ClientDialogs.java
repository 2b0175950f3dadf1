package piker.emsd.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piker.contracts.names.ServiceName;

/**
 * The client dialogs and the accounts each watches. A dialog is attaching until the paper dialogs of its
 * accounts have answered (its snapshot holds their positions), then begun once its snapshot went out:
 * only begun dialogs send commands and get statuses.
 */
public final class ClientDialogs {
  /** A dialog waiting for these clearing links to answer before its snapshot is taken. */
  private record Attaching(Set<String> accounts, Set<ServiceName> unsettled) {}

  private final Map<ClientId, Attaching> attaching = new HashMap<>();
  private final Map<ClientId, Set<String>> begun = new LinkedHashMap<>();

  void attach(ClientId client, Set<String> accounts, Set<ServiceName> unsettled) {
    attaching.put(client, new Attaching(accounts, new HashSet<>(unsettled)));
  }

  /** The link answered; the accounts of a dialog that waited for nothing more (else null). */
  Set<String> settled(ClientId client, ServiceName link) {
    Attaching waiting = attaching.get(client);
    if (waiting == null || !waiting.unsettled().remove(link) || !waiting.unsettled().isEmpty()) {
      return null;
    }
    return waiting.accounts();
  }

  /** The accounts of an attaching dialog that waits for no link. */
  Set<String> ready(ClientId client) {
    Attaching waiting = attaching.get(client);
    return waiting != null && waiting.unsettled().isEmpty() ? waiting.accounts() : null;
  }

  /**
   * Run with the dialog's {@link Effect.BeginDialog}: from now on it gets its accounts' statuses. False when
   * the dialog ended meanwhile.
   */
  public boolean begin(ClientId client) {
    Attaching waiting = attaching.remove(client);
    if (waiting == null) {
      return false;
    }
    begun.put(client, waiting.accounts());
    return true;
  }

  void detach(ClientId client) {
    attaching.remove(client);
    begun.remove(client);
  }

  /** The accounts of a begun dialog (the set itself: routing may add a paper account), else null. */
  Set<String> accountsOf(ClientId client) {
    return begun.get(client);
  }

  /** The begun dialogs that watch the account. */
  public List<ClientId> watching(String account) {
    List<ClientId> clients = new ArrayList<>();
    begun.forEach((client, accounts) -> {
      if (accounts.contains(account)) {
        clients.add(client);
      }
    });
    return clients;
  }

  /** Every begun dialog's accounts, for a change of routing (a broker without a key trades on paper). */
  Iterable<Set<String>> begunAccounts() {
    return begun.values();
  }
}
