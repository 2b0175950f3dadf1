package piker.brokerd.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.names.Fqme;
import piker.contracts.orders.OrderAction;
import piker.contracts.spi.TradeClient;

/**
 * The trader against a spot venue, where a position is a balance of the market's base asset: it asks the
 * venue about the markets it knows (its ledger's, emsd's orders', the venue's open orders'), lets a balance
 * holding more or less than the ledger explains pass (reported, never blocking).
 */
class AccountTraderSpotTest {
  /** brokerd's default (piker.brokerd.never-placed-after in reference.conf). */
  private static final java.time.Duration NEVER_PLACED_AFTER = java.time.Duration.ofSeconds(20);
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final String ACCOUNT = "binance.main";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** A spot venue holding {@code btc} of BTC: it answers trades and balances for the markets asked only. */
  private static final class SpotVenue extends QuietVenue {
    final BigDecimal btc;
    final List<Set<String>> tradesAsked = new CopyOnWriteArrayList<>();
    final List<Set<String>> positionsAsked = new CopyOnWriteArrayList<>();
    final List<OrderRef> lookups = new CopyOnWriteArrayList<>();
    final List<NewOrder> placed = new CopyOnWriteArrayList<>();
    final OrderState stranger = new OrderState("SOLUSDT:9", "web-1", "solusdt.spot", "sell", new BigDecimal("200"),
        new BigDecimal("1"), BigDecimal.ZERO, new BigDecimal("1"), OrderState.OPEN, 1L);

    SpotVenue(String btc) {
      this.btc = new BigDecimal(btc);
    }

    @Override
    public CompletionStage<OrderState> submit(NewOrder order) {
      placed.add(order);
      return CompletableFuture.completedFuture(new OrderState("BTCUSDT:1", order.clientId(), order.bsFqme(),
          order.side(), order.price(), order.size(), BigDecimal.ZERO, order.size(), OrderState.OPEN, 2L));
    }

    @Override
    public CompletionStage<Optional<OrderState>> order(OrderRef order) {
      lookups.add(order);
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletionStage<List<OrderState>> openOrders() {
      return CompletableFuture.completedFuture(List.of(stranger));
    }

    @Override
    public CompletionStage<List<NormTrade>> trades(Set<String> bsFqmes) {
      tradesAsked.add(bsFqmes);
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<List<VenuePosition>> positions(Set<String> bsFqmes) {
      positionsAsked.add(bsFqmes);
      Map<String, BigDecimal> balances = Map.of("btc", btc, "eth", BigDecimal.ZERO, "sol", new BigDecimal("1"));
      return CompletableFuture.completedFuture(bsFqmes.stream().map(market -> {
        String asset = market.substring(0, 3);
        return new VenuePosition(market, balances.get(asset), asset);
      }).toList());
    }
  }

  /** The ledger holds a buy of 0.3 BTC whose 0.0003 BTC fee the venue took from the BTC bought. */
  private void ledgerBought() throws Exception {
    try (AccountBook book = new AccountBook(dir, ACCOUNT)) {
      book.sync(List.of(new TradeClient.NormTrade("BTCUSDT:7", "BTCUSDT:3", "o-1", "btcusdt.spot", "BTCUSDT", "buy",
          new BigDecimal("60000"), new BigDecimal("0.3"), new BigDecimal("0.0003"), 1L)));
    }
  }

  private ActorRef<AccountTrader.Command> trader(SpotVenue venue, TestProbe<AccountTrader.Reply> parent) {
    return kit.spawn(AccountTrader.create(ACCOUNT, "spot", dir,
        (account, listener) -> CompletableFuture.completedFuture(venue), parent.ref(), NEVER_PLACED_AFTER));
  }

  private static ClearingProtocol.AccountStatus status(AccountTrader.Opened opened) {
    return opened.events().stream().filter(ClearingProtocol.AccountStatus.class::isInstance)
        .map(ClearingProtocol.AccountStatus.class::cast).findFirst().orElseThrow();
  }

  private static ClearingProtocol.SubmitOrder buy(String oid) {
    return new ClearingProtocol.SubmitOrder(oid, null, ACCOUNT, OrderAction.BUY, Fqme.parse("btcusdt.spot.binance"),
        new BigDecimal("59000"), new BigDecimal("0.001"));
  }

  @Test
  void aBalanceHoldingMoreThanTheLedgerLetsOrdersThroughAndTheKnownMarketsAreAsked() throws Exception {
    ledgerBought();
    SpotVenue venue = new SpotVenue("5.2997"); // 5 deposited, 0.3 bought less its fee
    TestProbe<AccountTrader.Reply> parent = kit.createTestProbe();
    ActorRef<AccountTrader.Command> trader = trader(venue, parent);
    Fqme eth = Fqme.parse("ethusdt.spot.binance");
    trader.tell(new AccountTrader.Open(List.of(new ClearingProtocol.KnownOrder("k-1", null, ACCOUNT, false, eth))));
    AccountTrader.Opened opened = parent.expectMessageClass(AccountTrader.Opened.class, WAIT);
    assertNull(status(opened).blocked(), "holdings from outside pikerd never block");

    Set<String> known = Set.of("btcusdt.spot", "ethusdt.spot", "solusdt.spot");
    assertEquals(known, venue.tradesAsked.get(0), "trades of the ledger's, emsd's and the open orders' markets");
    assertEquals(known, venue.positionsAsked.get(0), "balances for the same markets");
    assertEquals(List.of(TradeClient.OrderRef.byClientId("ethusdt.spot", "k-1")), venue.lookups,
        "the order emsd knows is looked up by client id in its market");

    trader.tell(new AccountTrader.Submit(buy("b-1")));
    List<ClearingProtocol.BrokerEvent> told = parent.expectMessageClass(AccountTrader.Emit.class, WAIT).events();
    assertEquals(new ClearingProtocol.Ack("b-1", "BTCUSDT:1"), told.get(0));
    assertEquals(1, venue.placed.size());
  }

  @Test
  void aBalanceHoldingLessThanTheLedgerBeyondItsFeesIsReportedAndOrdersGoThrough() throws Exception {
    ledgerBought();
    SpotVenue venue = new SpotVenue("0.1"); // 0.2 spent on another market, withdrawn, or sold unseen
    TestProbe<AccountTrader.Reply> parent = kit.createTestProbe();
    ActorRef<AccountTrader.Command> trader = trader(venue, parent);
    trader.tell(new AccountTrader.Open(List.of()));
    assertNull(status(parent.expectMessageClass(AccountTrader.Opened.class, WAIT)).blocked(),
        "a spot balance the ledger cannot explain stops nothing: the venue refuses a sale beyond it");
    trader.tell(new AccountTrader.Submit(buy("b-2")));
    List<ClearingProtocol.BrokerEvent> told = parent.expectMessageClass(AccountTrader.Emit.class, WAIT).events();
    assertEquals(new ClearingProtocol.Ack("b-2", "BTCUSDT:1"), told.get(0));
    assertEquals(1, venue.placed.size(), "the order reached the venue");
  }
}
