package piker.emsd.router;

import java.util.List;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;

/**
 * What a {@link Decision} asks the actor shell to do once the decision's events are journaled, in order.
 * Clearing links are named by their daemon ({@code paperboi.<broker>} or {@code brokerd.<broker>}).
 */
public sealed interface Effect {
  /** A status or position for every client dialog that watches the account when the effect runs. */
  record ToAccount(String account, EmsProtocol.Event event) implements Effect {}

  /** An event for one client dialog alone (a refusal), queued behind what it is owed already. */
  record ToClient(ClientId client, EmsProtocol.Event event) implements Effect {}

  /** The client dialog starts with this snapshot, and gets every status of its accounts from now on. */
  record BeginDialog(ClientId client, EmsProtocol.DialogStarted snapshot) implements Effect {}

  /** The client dialog is refused before it starts. */
  record RefuseDialog(ClientId client, RemoteError error) implements Effect {}

  /** Start the dialog with a clearing daemon (found or started by the service manager). */
  record OpenLink(ServiceName link) implements Effect {}

  /** A SubmitOrder, a CancelOrder or a SyncLedger for the clearing daemon. */
  record ToLink(ServiceName link, Payload body) implements Effect {}

  /** The link tries its dialog at once. */
  record RetryLink(ServiceName link) implements Effect {}

  /** The daemon refused the dialog for good: the link stops reopening it until a retry. */
  record HoldLink(ServiceName link) implements Effect {}

  /** emsd ended these orders itself: the link stops replaying them. */
  record ForgetAtLink(ServiceName link, List<String> oids) implements Effect {}

  record OpenFeed(Fqme fqme) implements Effect {}

  /** No order needs the market now: its feed closes and is not reopened. */
  record CloseFeed(Fqme fqme) implements Effect {}

  /** The ledger syncs asked of the link's daemon will not be answered. */
  record FailLedgers(ServiceName link, RemoteError error) implements Effect {}

  /** One ledger sync cannot be asked. */
  record FailLedger(String requestId, RemoteError error) implements Effect {}
}
