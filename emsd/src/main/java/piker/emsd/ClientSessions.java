package piker.emsd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.daemon.RelaySession;
import piker.contracts.daemon.Session;
import piker.contracts.ems.EmsProtocol;
import piker.emsd.router.ClientId;

/**
 * The client dialogs' sessions, named for the router by a {@link ClientId}, and what each is owed: the
 * events of one step go out as one message when the step is done.
 */
final class ClientSessions {
  private final Map<ActorRef<Session.Input>, ClientId> ids = new HashMap<>();
  private final Map<ClientId, ActorRef<Session.Input>> sessions = new HashMap<>();
  private final Map<ClientId, List<EmsProtocol.Event>> outbox = new LinkedHashMap<>();
  private long next;

  ClientId add(ActorRef<Session.Input> session) {
    ClientId id = new ClientId(next++);
    ids.put(session, id);
    sessions.put(id, session);
    return id;
  }

  ClientId idOf(ActorRef<Session.Input> session) {
    return ids.get(session);
  }

  ActorRef<Session.Input> sessionOf(ClientId client) {
    return sessions.get(client);
  }

  /** The session ended (or was refused); what it was owed is dropped. */
  ClientId remove(ActorRef<Session.Input> session) {
    ClientId id = ids.remove(session);
    if (id != null) {
      sessions.remove(id);
      outbox.remove(id);
    }
    return id;
  }

  void queue(ClientId client, EmsProtocol.Event event) {
    if (sessions.containsKey(client)) {
      outbox.computeIfAbsent(client, c -> new ArrayList<>()).add(event);
    }
  }

  void flush() {
    outbox.forEach((client, events) -> sessions.get(client).tell(new RelaySession.Deliver(events.size() == 1
        ? events.get(0) : new EmsProtocol.Batch(events))));
    outbox.clear();
  }
}
