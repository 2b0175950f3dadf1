package piker.brokerd.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import piker.contracts.clearing.ClearingProtocol.BrokerEvent;
import piker.contracts.market.MktPair;
import piker.contracts.names.AccountName;

/**
 * Carries out, in order, the {@link Effect}s the account's order logic returns: events for emsd go out through
 * the trader's {@link Outbox}; venue requests and later looks come back to the {@link AccountTrader} as its
 * messages; a placement waits for its market's details ({@link MarketCache}). Runs on the trader's thread.
 */
final class EffectRunner {
  /** How soon an order in doubt is looked up again; a failed background reconcile first waits as long. */
  static final Duration LOOK_AGAIN = Duration.ofSeconds(1);
  /** How long an ended order's fill events may lag its end before its trades are fetched. */
  private static final Duration FILLS_GRACE = Duration.ofSeconds(5);

  private final ActorContext<AccountTrader.Command> ctx;
  private final AccountName account;
  private final VenueSession session;
  private final LiveOrders orders;
  private final Outbox<AccountTrader.Reply> outbox;
  private final MarketCache markets = new MarketCache();

  EffectRunner(ActorContext<AccountTrader.Command> ctx, AccountName account, VenueSession session, LiveOrders orders,
               Outbox<AccountTrader.Reply> outbox) {
    this.ctx = ctx;
    this.account = account;
    this.session = session;
    this.orders = orders;
    this.outbox = outbox;
  }

  /** Runs one input of the order logic and carries out what it decided. */
  void run(Consumer<List<Effect>> input) {
    List<Effect> out = new ArrayList<>();
    input.accept(out);
    carryOut(out);
  }

  void carryOut(List<Effect> effects) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.Emit emit) {
        emit(emit.events());
      } else if (effect instanceof Effect.Place place) {
        MarketCache.Need need = markets.need(place.bsFqme(), place);
        if (need == MarketCache.Need.READY) {
          run(out -> orders.placeIn(place, markets.get(place.bsFqme()), null, out));
        } else if (need == MarketCache.Need.FETCH) {
          fetchMarket(place.bsFqme());
        } // else placed when the details on their way arrive
      } else if (effect instanceof Effect.Submit submit) {
        ctx.pipeToSelf(session.client().submit(submit.order()),
            (state, error) -> new AccountTrader.Placed(submit.oid(), state, error));
      } else if (effect instanceof Effect.CancelAtVenue cancel) {
        ctx.pipeToSelf(session.client().cancel(cancel.venueOrderId()),
            (state, error) -> new AccountTrader.CancelDone(cancel.oid(), state, error));
      } else if (effect instanceof Effect.LookUp lookUp) {
        ctx.pipeToSelf(session.order(lookUp.ref()),
            (state, error) -> new AccountTrader.Looked(lookUp.oid(), state, error));
      } else if (effect instanceof Effect.LookAgainLater later) {
        ctx.scheduleOnce(LOOK_AGAIN, ctx.getSelf(), new AccountTrader.LookAgain(later.oid()));
      } else if (effect instanceof Effect.FetchTrades fetch) {
        ctx.pipeToSelf(session.client().orderTrades(fetch.ref()),
            (trades, error) -> new AccountTrader.FetchedTrades(fetch.oid(), trades, error));
      } else if (effect instanceof Effect.CheckFillsLater later) {
        ctx.scheduleOnce(FILLS_GRACE, ctx.getSelf(), new AccountTrader.CheckFills(later.oid()));
      }
    }
    orders.index().forgetOldestEnded();
  }

  void emit(List<BrokerEvent> events) {
    if (!events.isEmpty()) {
      outbox.send(new AccountTrader.Emit(account.toString(), List.copyOf(events)));
    }
  }

  /** Fetches a market's details ahead of any order in it (a market with open orders or a position). */
  void warm(String bsFqme) {
    if (markets.need(bsFqme, null) == MarketCache.Need.FETCH) {
      fetchMarket(bsFqme);
    }
  }

  private void fetchMarket(String bsFqme) {
    ctx.pipeToSelf(session.client().market(bsFqme),
        (mkt, error) -> new AccountTrader.MarketLoaded(bsFqme, mkt, error));
  }

  /** A market's details arrived ({@code mkt}) or could not be had ({@code problem}): the placements waiting go on. */
  void marketLoaded(String bsFqme, MktPair mkt, String problem) {
    List<Effect.Place> waiting = markets.loaded(bsFqme, mkt, problem);
    run(out -> waiting.forEach(place -> orders.placeIn(place, markets.get(bsFqme), markets.problem(bsFqme), out)));
  }
}
