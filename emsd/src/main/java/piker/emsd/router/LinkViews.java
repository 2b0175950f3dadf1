package piker.emsd.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.AccountName;
import piker.contracts.names.ServiceName;
import piker.emsd.orders.OrderRules;

/**
 * What the router knows of its clearing dialogs (paperboi's per broker for the paper account, brokerd's
 * for the live ones): whether each has given its first answer, why it is down or refused, who waits for
 * it; which brokers trade on paper for want of a key, and which live accounts are blocked.
 */
final class LinkViews {
  /** Who waits for a link's next answer (live, paper-only, lost or refused), re-run in order on it. */
  sealed interface Waiter {}

  /** An order whose clearing daemon must answer before it is routed. */
  record OrderWaiter(ClientId client, Set<String> accounts, OrderRules.Shaped shaped) implements Waiter {}

  /** A client dialog whose snapshot needs the link's positions. */
  record DialogWaiter(ClientId client) implements Waiter {}

  static final class Link {
    final ServiceName name;
    boolean settled;
    /**
     * Why the daemon refused the dialog (a bad key, an unreadable ledger), until a new order or client
     * dialog tries again: no retry of the link's own fixes it.
     */
    String refused;
    /** Why the dialog is not live now (lost, refused, never opened), or null while it is. */
    RemoteError down;
    final List<Waiter> waiting = new ArrayList<>();

    Link(ServiceName name) {
      this.name = name;
    }
  }

  private final boolean hasServices;
  private final Map<ServiceName, Link> links = new HashMap<>();
  /** Brokers whose brokerd answered "paper" (no api key), and its reason. */
  final Map<String, String> paperOnly = new HashMap<>();
  /** Live accounts whose brokerd blocked new orders (fail closed), and why. */
  final Map<String, String> blocked = new HashMap<>();

  LinkViews(boolean hasServices) {
    this.hasServices = hasServices;
  }

  static ServiceName paperKey(String broker) {
    return ServiceName.of(DaemonKind.PAPERBOI, broker);
  }

  static ServiceName liveKey(String broker) {
    return ServiceName.of(DaemonKind.BROKERD, broker);
  }

  /** The clearing daemon of an account: paperboi for a paper account, brokerd for a live one. */
  static ServiceName keyOf(String account) {
    AccountName name = AccountName.parse(account);
    return name.isPaper() ? paperKey(name.broker()) : liveKey(name.broker());
  }

  static boolean isLive(String account) {
    return !AccountName.parse(account).isPaper();
  }

  /** The broker's paper account. */
  static String paperAccount(String broker) {
    return new AccountName(broker, "paper").toString();
  }

  static String brokerOf(String account) {
    return AccountName.parse(account).broker();
  }

  /** The link, opened on first use (this is brokerd's one spawn path). */
  Link link(ServiceName name, Step out) {
    Link link = links.get(name);
    if (link != null) {
      return link;
    }
    if (!hasServices) {
      throw new IllegalStateException("emsd runs without a service manager: it cannot start " + name);
    }
    link = new Link(name);
    links.put(name, link);
    out.effect(new Effect.OpenLink(name));
    return link;
  }

  /** Sends to the account's clearing daemon, its link opened (and known here) on first use. */
  void send(String account, Payload body, Step out) {
    out.effect(new Effect.ToLink(link(keyOf(account), out).name, body));
  }

  Link find(ServiceName name) {
    return links.get(name);
  }

  /** Has the link try its dialog at once; who waits for it waits for its answer. */
  void retry(Link link, Step out) {
    link.settled = false;
    out.effect(new Effect.RetryLink(link.name));
  }

  /** Runs {@code waiter} on the link's next answer, or now (true) if it has answered. */
  boolean waitFor(Link link, Waiter waiter) {
    if (link.settled) {
      return true;
    }
    link.waiting.add(waiter);
    return false;
  }

  /** The link answered: who waited for it, in order. */
  List<Waiter> settle(Link link) {
    link.settled = true;
    List<Waiter> settled = new ArrayList<>(link.waiting);
    link.waiting.clear();
    return settled;
  }

  /** The paper accounts whose positions are not known now: their paperboi dialog is down, and why. */
  List<EmsProtocol.Unavailable> unavailableOf(Set<String> accounts) {
    List<EmsProtocol.Unavailable> unknown = new ArrayList<>();
    accounts.stream().filter(account -> !isLive(account)).forEach(account -> {
      Link paper = links.get(paperKey(brokerOf(account)));
      if (paper != null && paper.down != null) {
        unknown.add(new EmsProtocol.Unavailable(account, paper.down));
      }
    });
    return unknown;
  }
}
