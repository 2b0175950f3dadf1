package piker.emsd;

import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.daemon.RelaySession;
import piker.contracts.daemon.Session;
import piker.contracts.datad.MarketFeeds;
import piker.contracts.ems.EmsProtocol;
import piker.emsd.clearing.ClearingLink;
import piker.emsd.router.ClientDialogs;
import piker.emsd.router.ClientId;
import piker.emsd.router.Effect;

/** Runs the router's effects on emsd's children and sessions (once their decision is journaled). */
final class EffectRunner {
  private final ClientDialogs clients;
  private final ClientSessions sessions;
  private final ClearingLinks links;
  private final MarketFeeds feeds;
  private final LedgerQueries ledgers;
  private final EmsMeters meters;

  EffectRunner(ClientDialogs clients, ClientSessions sessions, ClearingLinks links, MarketFeeds feeds,
               LedgerQueries ledgers, EmsMeters meters) {
    this.meters = meters;
    this.clients = clients;
    this.sessions = sessions;
    this.links = links;
    this.feeds = feeds;
    this.ledgers = ledgers;
  }

  void run(Effect effect) {
    if (effect instanceof Effect.ToAccount to) {
      meter(to.event());
      clients.watching(to.account()).forEach(client -> sessions.queue(client, to.event()));
    } else if (effect instanceof Effect.ToClient to) {
      meter(to.event()); // a refusal, told to the client that asked alone
      sessions.queue(to.client(), to.event());
    } else if (effect instanceof Effect.BeginDialog begin) {
      ActorRef<Session.Input> session = sessions.sessionOf(begin.client());
      if (session != null && clients.begin(begin.client())) {
        session.tell(new RelaySession.Begin(begin.snapshot()));
      }
    } else if (effect instanceof Effect.RefuseDialog refuse) {
      refuse(refuse.client(), refuse);
    } else if (effect instanceof Effect.OpenLink open) {
      links.open(open.link());
    } else if (effect instanceof Effect.ToLink to) {
      links.tell(to.link(), new ClearingLink.Send(to.body()));
    } else if (effect instanceof Effect.RetryLink retry) {
      links.tell(retry.link(), new ClearingLink.Retry());
    } else if (effect instanceof Effect.HoldLink hold) {
      links.tell(hold.link(), new ClearingLink.Hold());
    } else if (effect instanceof Effect.ForgetAtLink forget) {
      links.tell(forget.link(), new ClearingLink.Forget(forget.oids()));
    } else if (effect instanceof Effect.OpenFeed open) {
      feeds.open(open.fqme());
    } else if (effect instanceof Effect.CloseFeed close) {
      feeds.close(close.fqme());
    } else if (effect instanceof Effect.FailLedgers fail) {
      ledgers.failAll(fail.link(), fail.error());
    } else if (effect instanceof Effect.FailLedger fail) {
      ledgers.fail(fail.requestId(), fail.error());
    }
  }

  private void meter(EmsProtocol.Event event) {
    if (event instanceof EmsProtocol.Status status) {
      meters.status(status, System.nanoTime());
    }
  }

  private void refuse(ClientId client, Effect.RefuseDialog refuse) {
    ActorRef<Session.Input> session = sessions.sessionOf(client);
    if (session != null) {
      sessions.remove(session);
      session.tell(new RelaySession.Reject(refuse.error()));
    }
  }
}
