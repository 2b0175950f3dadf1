package piker.emsd;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.AccountName;
import piker.contracts.names.ServiceName;
import piker.contracts.pikerd.ServicesProtocol;
import piker.emsd.clearing.ClearingLink;

/** emsd's clearing links, one child per clearing daemon, spawned when the router first opens one. */
final class ClearingLinks {
  private final ActorContext<DaemonProtocol.Command> ctx;
  private final EmsSettings settings;
  private final ActorRef<ServicesProtocol.Command> services;
  private final Hello hello;
  private final ActorRef<ClearingLink.Event> adapter;
  private final Map<ServiceName, ActorRef<ClearingLink.Command>> links = new HashMap<>();

  ClearingLinks(ActorContext<DaemonProtocol.Command> ctx, EmsSettings settings,
                ActorRef<ServicesProtocol.Command> services, Hello hello, ActorRef<ClearingLink.Event> adapter) {
    this.ctx = ctx;
    this.settings = settings;
    this.services = services;
    this.hello = hello;
    this.adapter = adapter;
  }

  void open(ServiceName daemon) {
    links.computeIfAbsent(daemon, this::spawn);
  }

  void tell(ServiceName daemon, ClearingLink.Command command) {
    links.computeIfAbsent(daemon, this::spawn).tell(command);
  }

  /** paperboi's dialog clears the broker's paper account; brokerd's its configured live accounts. */
  private ActorRef<ClearingLink.Command> spawn(ServiceName daemon) {
    boolean live = daemon.kind() == DaemonKind.BROKERD;
    List<String> accounts = live ? settings.accounts().stream().map(AccountName::parse)
        .filter(a -> !a.isPaper() && a.broker().equals(daemon.broker())).map(AccountName::toString).toList()
        : List.of(new AccountName(daemon.broker(), "paper").toString());
    return ctx.spawnAnonymous(ClearingLink.create(daemon.toString(), services, daemon,
        live ? Endpoint.OPEN_TRADE_DIALOG : Endpoint.OPEN_PAPER_DIALOG, accounts, hello, adapter),
        DispatcherSelector.sameAsParent());
  }
}
