package piker.emsd.router;

import java.util.List;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;

/** What the router decides on: client dialogs' commands, clearing daemons' answers, market feeds. */
public sealed interface RouterInput {
  /** Re-arm the recovered dark orders and submit the recovered live ones again (once, at start). */
  record Resume() implements RouterInput {}

  /** A client dialog asks to start, watching these accounts ({@code *}, {@code paper} or names). */
  record Attach(ClientId client, List<String> accounts) implements RouterInput {}

  record Detach(ClientId client) implements RouterInput {}

  /** An Order, a Cancel or a CancelAll (anything else is refused). */
  record FromClient(ClientId client, Payload body) implements RouterInput {}

  record LinkReady(ServiceName link, ClearingProtocol.DialogStarted started) implements RouterInput {}

  record LinkEvents(ServiceName link, List<ClearingProtocol.BrokerEvent> events) implements RouterInput {}

  /** brokerd has no api key: the broker's live accounts trade on paper from now on. */
  record LinkPaper(ServiceName link, String reason) implements RouterInput {}

  record LinkLost(ServiceName link, RemoteError error) implements RouterInput {}

  record MarketReady(Fqme fqme, MktPair mkt, Quote startup) implements RouterInput {}

  record MarketQuotes(Fqme fqme, List<Quote> quotes) implements RouterInput {}

  /** The market never became ready. */
  record MarketFailed(Fqme fqme, RemoteError error) implements RouterInput {}

  /** A ready market's feed ended (it reopens unless closed). */
  record MarketLost(Fqme fqme, RemoteError error) implements RouterInput {}

  /** A live account's ledger, to be synced by its brokerd inside emsd's dialog with it. */
  record SyncLedger(String requestId, String account) implements RouterInput {}
}
