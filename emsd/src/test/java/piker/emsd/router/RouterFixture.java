package piker.emsd.router;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piker.contracts.Payload;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.ServiceName;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.testkit.Markets;
import piker.emsd.EmsSettings;
import piker.emsd.journal.OrderLog;
import piker.emsd.orders.OrderState;
import piker.emsd.orders.RiskLimits;

/**
 * An {@link OrderRouter} with the sim broker (its paper account and a live {@code sim.main}), driven the
 * way emsd's shell drives it, and readers of its decisions.
 */
final class RouterFixture {
  static final ServiceName PAPER = ServiceName.of(DaemonKind.PAPERBOI, "sim");
  static final ServiceName LIVE = ServiceName.of(DaemonKind.BROKERD, "sim");

  final OrderState state;
  final OrderRouter router;
  private long nextClient;

  RouterFixture(OrderState state, RiskLimits risk) {
    this.state = state;
    EmsSettings settings = new EmsSettings(Set.of("sim"), Set.of("sim.main"), Map.of(), risk,
        OrderLog.Settings.inMemory());
    this.router = new OrderRouter(settings, state, true,
        Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC));
  }

  RouterFixture() {
    this(new OrderState(), RiskLimits.NONE);
  }

  Decision decide(RouterInput input) {
    return router.decide(input);
  }

  /** A client dialog begun on these accounts (the paper dialog answering first if it must). */
  ClientId client(String... accounts) {
    ClientId client = new ClientId(nextClient++);
    Decision attached = decide(new RouterInput.Attach(client, List.of(accounts)));
    EmsProtocol.DialogStarted started = begun(attached, client);
    if (started == null) {
      started = begun(paperReady(), client);
    }
    assertTrue(started != null && router.clients().begin(client), "the dialog begins");
    return client;
  }

  static EmsProtocol.DialogStarted begun(Decision decision, ClientId client) {
    return decision.effects().stream().filter(e -> e instanceof Effect.BeginDialog b && b.client().equals(client))
        .map(e -> ((Effect.BeginDialog) e).snapshot()).findFirst().orElse(null);
  }

  Decision paperReady() {
    return decide(new RouterInput.LinkReady(PAPER, new ClearingProtocol.DialogStarted(List.of(), List.of())));
  }

  Decision send(ClientId client, Payload command) {
    return decide(new RouterInput.FromClient(client, command));
  }

  Decision marketReady() {
    return decide(new RouterInput.MarketReady(Markets.BTC, Markets.BTC_MKT, Markets.startup("60000", "59999.99",
        "60000.01")));
  }

  Decision tick(String type, String price) {
    return decide(new RouterInput.MarketQuotes(Markets.BTC, List.of(Markets.tick(type, price))));
  }

  Decision paperboi(ClearingProtocol.BrokerEvent... events) {
    return decide(new RouterInput.LinkEvents(PAPER, List.of(events)));
  }

  static EmsProtocol.Order order(String oid, String action, String price, String size, String exec) {
    return new EmsProtocol.Order(oid, action, "btcusdt.spot.sim", new BigDecimal(price), new BigDecimal(size),
        "paper", exec);
  }

  /** The statuses a decision sends, to accounts and to single clients, in order. */
  static List<EmsProtocol.Status> statuses(Decision decision) {
    List<EmsProtocol.Status> statuses = new ArrayList<>();
    for (Effect effect : decision.effects()) {
      if (effect instanceof Effect.ToAccount to && to.event() instanceof EmsProtocol.Status status) {
        statuses.add(status);
      } else if (effect instanceof Effect.ToClient to && to.event() instanceof EmsProtocol.Status status) {
        statuses.add(status);
      }
    }
    return statuses;
  }

  static List<String> resps(Decision decision) {
    return statuses(decision).stream().map(EmsProtocol.Status::resp).toList();
  }

  /** What a decision sends to a clearing daemon. */
  static List<Payload> sent(Decision decision, ServiceName link) {
    return decision.effects().stream().filter(e -> e instanceof Effect.ToLink to && to.link().equals(link))
        .map(e -> ((Effect.ToLink) e).body()).toList();
  }

  static ClearingProtocol.OrderStatus venue(String oid, VenueOrderStatus status, boolean resting) {
    return new ClearingProtocol.OrderStatus(oid, "paper-" + oid, "sim.paper", status, BigDecimal.ZERO,
        BigDecimal.ZERO, resting, null);
  }

  static ClearingProtocol.Fill fill(String oid, String price, String size) {
    return new ClearingProtocol.Fill(oid, "paper-" + oid, "t-" + oid, OrderAction.BUY, new BigDecimal(price),
        new BigDecimal(size), BigDecimal.ZERO, 1L);
  }
}
