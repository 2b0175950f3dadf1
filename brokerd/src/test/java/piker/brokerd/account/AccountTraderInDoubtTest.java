package piker.brokerd.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.RemoteError;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.spi.TradeClient;
import piker.contracts.testkit.Markets;

/**
 * The trader against a venue link that loses answers, which the real venue will not do on demand: a
 * scripted trade client whose order request times out and whose first lookup finds the venue away.
 * The order must be found by its client id, never placed twice, never called canceled meanwhile.
 */
class AccountTraderInDoubtTest {
  /** brokerd's default (piker.brokerd.never-placed-after in reference.conf). */
  private static final java.time.Duration NEVER_PLACED_AFTER = java.time.Duration.ofSeconds(20);
  private static final ActorTestKit kit = ActorTestKit.create();

  @TempDir
  Path dir;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** Answers as scripted; counts placements. */
  private static class LossyVenue extends QuietVenue {
    final AtomicInteger placements = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final List<OrderRef> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    final TradeClient.OrderState resting = new TradeClient.OrderState("V-1", "lost-1", "btcusdt.spot", "buy",
        new BigDecimal("59000"), new BigDecimal("0.001"), BigDecimal.ZERO, new BigDecimal("0.001"),
        TradeClient.OrderState.OPEN, 1L);

    @Override
    public CompletionStage<OrderState> submit(NewOrder order) {
      placements.incrementAndGet();
      // the venue took it, but its answer never came
      return CompletableFuture.failedFuture(RemoteError.of("VenueTimeout", "no answer", "test").toException());
    }

    @Override
    public CompletionStage<OrderState> cancel(String venueOrderId) {
      return CompletableFuture.completedFuture(new OrderState("V-1", "lost-1", "btcusdt.spot", "buy",
          resting.price(), resting.size(), BigDecimal.ZERO, BigDecimal.ZERO, OrderState.CANCELED, 2L));
    }

    @Override
    public CompletionStage<Optional<OrderState>> order(OrderRef order) {
      asked.add(order);
      if (lookups.incrementAndGet() == 1) {
        return CompletableFuture.failedFuture(RemoteError.of("VenueDisconnected", "away", "test").toException());
      }
      return CompletableFuture.completedFuture("lost-1".equals(order.clientId()) || "V-1".equals(order.venueOrderId())
          ? Optional.of(resting) : Optional.empty());
    }
  }

  @Test
  void aPlacementWhoseAnswerIsLostIsFoundByClientIdOnceTheVenueAnswersAndNeverPlacedTwice() {
    LossyVenue venue = new LossyVenue();
    TestProbe<AccountTrader.Reply> parent = kit.createTestProbe();
    ActorRef<AccountTrader.Command> trader = kit.spawn(AccountTrader.create("sim.main", "A-1", dir,
        (account, listener) -> CompletableFuture.completedFuture(venue), parent.ref(), NEVER_PLACED_AFTER));
    trader.tell(new AccountTrader.Open(List.of()));
    parent.expectMessageClass(AccountTrader.Opened.class, Duration.ofSeconds(10));

    trader.tell(new AccountTrader.Submit(new ClearingProtocol.SubmitOrder("lost-1", null, "sim.main", OrderAction.BUY,
        Markets.BTC, new BigDecimal("59000"), new BigDecimal("0.001"))));
    // while it is in doubt a cancel waits: what may rest at the venue is never called canceled unseen
    trader.tell(new AccountTrader.Cancel(new ClearingProtocol.CancelOrder("lost-1", null, "sim.main")));
    List<ClearingProtocol.BrokerEvent> told = new ArrayList<>();
    while (told.stream().noneMatch(e -> e instanceof ClearingProtocol.OrderStatus s
        && s.status() == VenueOrderStatus.CANCELED)) {
      told.addAll(assertInstanceOf(AccountTrader.Emit.class,
          parent.expectMessageClass(AccountTrader.Emit.class, Duration.ofSeconds(10))).events());
    }
    assertEquals(new ClearingProtocol.Ack("lost-1", "V-1"), told.get(0), told.toString());
    ClearingProtocol.OrderStatus end = (ClearingProtocol.OrderStatus) told.get(told.size() - 1);
    assertEquals("canceled on request", end.reason(), "canceled at the venue, after it was found there");
    assertEquals(1, venue.placements.get(), "found by its client id, not placed again");
    assertTrue(venue.lookups.get() >= 2, "looked up again after the venue was away");
    assertTrue(venue.asked.stream().allMatch(ref -> "btcusdt.spot".equals(ref.bsFqme())),
        "every lookup names the order's market, which a venue may need to find it: " + venue.asked);
  }

  /** A venue where the modify's cancel takes effect but its answer is lost. */
  private static final class LostCancelVenue extends LossyVenue {
    final List<NewOrder> placed = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean canceled;

    @Override
    public CompletionStage<OrderState> submit(NewOrder order) {
      placed.add(order);
      String id = "V-" + placed.size();
      return CompletableFuture.completedFuture(new OrderState(id, order.clientId(), order.bsFqme(), order.side(),
          order.price(), order.size(), BigDecimal.ZERO, order.size(), OrderState.OPEN, 1L));
    }

    @Override
    public CompletionStage<OrderState> cancel(String venueOrderId) {
      canceled = true;
      return CompletableFuture.failedFuture(RemoteError.of("VenueTimeout", "no answer", "test").toException());
    }

    @Override
    public CompletionStage<Optional<OrderState>> order(OrderRef order) {
      NewOrder first = placed.get(0);
      return CompletableFuture.completedFuture(Optional.of(new OrderState("V-1", first.clientId(), first.bsFqme(),
          first.side(), first.price(), first.size(), BigDecimal.ZERO, BigDecimal.ZERO,
          canceled ? OrderState.CANCELED : OrderState.OPEN, 2L)));
    }
  }

  @Test
  void aModifyWhoseCancelAnswerIsLostStillPlacesItsReplacementAndIsNotCalledCanceled() {
    LostCancelVenue venue = new LostCancelVenue();
    TestProbe<AccountTrader.Reply> parent = kit.createTestProbe();
    ActorRef<AccountTrader.Command> trader = kit.spawn(AccountTrader.create("sim.main", "A-1", dir,
        (account, listener) -> CompletableFuture.completedFuture(venue), parent.ref(), NEVER_PLACED_AFTER));
    trader.tell(new AccountTrader.Open(List.of()));
    parent.expectMessageClass(AccountTrader.Opened.class, Duration.ofSeconds(10));
    trader.tell(new AccountTrader.Submit(new ClearingProtocol.SubmitOrder("mod-2", null, "sim.main", OrderAction.BUY,
        Markets.BTC, new BigDecimal("59000"), new BigDecimal("0.001"))));
    trader.tell(new AccountTrader.Submit(new ClearingProtocol.SubmitOrder("mod-2", "V-1", "sim.main", OrderAction.BUY,
        Markets.BTC, new BigDecimal("58000"), new BigDecimal("0.001"))));
    List<ClearingProtocol.BrokerEvent> told = new ArrayList<>();
    while (told.stream().noneMatch(e -> e instanceof ClearingProtocol.Ack ack && ack.reqid().equals("V-2"))) {
      told.addAll(parent.expectMessageClass(AccountTrader.Emit.class, Duration.ofSeconds(10)).events());
    }
    assertEquals(List.of("mod-2", "mod-2~1"), venue.placed.stream().map(TradeClient.NewOrder::clientId).toList());
    assertEquals(0, new BigDecimal("58000").compareTo(venue.placed.get(1).price()));
    assertTrue(told.stream().noneMatch(e -> e instanceof ClearingProtocol.OrderStatus status
        && status.status() == VenueOrderStatus.CANCELED), told.toString());
  }

  @Test
  void anOrderWhoseClientIdTheVenueEchoesUnreadablyIsFoundByLookupAndNotAdoptedBesides() {
    // after a restart the venue's open orders may carry a client id its backend cannot turn back into ours
    TradeClient.OrderState resting = new TradeClient.OrderState("V-7", "_unreadable", "btcusdt.spot", "buy",
        new BigDecimal("59000"), new BigDecimal("0.001"), BigDecimal.ZERO, new BigDecimal("0.001"),
        TradeClient.OrderState.OPEN, 1L);
    QuietVenue venue = new QuietVenue() {
      @Override
      public CompletionStage<OrderState> submit(NewOrder order) {
        return CompletableFuture.failedFuture(new IllegalStateException("never placed again"));
      }

      @Override
      public CompletionStage<List<OrderState>> openOrders() {
        return CompletableFuture.completedFuture(List.of(resting));
      }

      @Override
      public CompletionStage<Optional<OrderState>> order(OrderRef order) {
        return CompletableFuture.completedFuture("crashed-1".equals(order.clientId()) ? Optional.of(resting)
            : Optional.empty());
      }
    };
    TestProbe<AccountTrader.Reply> parent = kit.createTestProbe();
    ActorRef<AccountTrader.Command> trader = kit.spawn(AccountTrader.create("sim.main", "A-1", dir,
        (account, listener) -> CompletableFuture.completedFuture(venue), parent.ref(), NEVER_PLACED_AFTER));
    // placed, then brokerd crashed before the venue's answer: the journal knows the oid, not the venue id
    trader.tell(new AccountTrader.Open(List.of(new ClearingProtocol.KnownOrder("crashed-1", null, "sim.main", false,
        Markets.BTC))));
    AccountTrader.Opened opened = parent.expectMessageClass(AccountTrader.Opened.class, Duration.ofSeconds(10));
    assertEquals(List.of("crashed-1"), opened.open().stream().map(ClearingProtocol.OrderStatus::oid).toList());
    assertTrue(opened.events().stream().noneMatch(e -> e instanceof ClearingProtocol.Adopted), opened.events().toString());
  }

  @Test
  void aJournaledOrderTheVenueDoesNotFindIsPlacedAgainOnlyAfterNotFoundHasLastedTheWindow() throws Exception {
    Duration window = Duration.ofMillis(1500);
    AtomicInteger lookups = new AtomicInteger();
    CompletableFuture<Long> placedAt = new CompletableFuture<>();
    QuietVenue venue = new QuietVenue() {
      @Override
      public CompletionStage<OrderState> submit(NewOrder order) {
        placedAt.complete(System.nanoTime());
        return CompletableFuture.completedFuture(new OrderState("V-3", order.clientId(), order.bsFqme(), order.side(),
            order.price(), order.size(), BigDecimal.ZERO, order.size(), OrderState.OPEN, 1L));
      }

      @Override
      public CompletionStage<Optional<OrderState>> order(OrderRef order) {
        lookups.incrementAndGet();
        return CompletableFuture.completedFuture(Optional.empty()); // "-2013": not proof on its own
      }
    };
    TestProbe<AccountTrader.Reply> parent = kit.createTestProbe();
    ActorRef<AccountTrader.Command> trader = kit.spawn(AccountTrader.create("sim.main", "A-1", dir,
        (account, listener) -> CompletableFuture.completedFuture(venue), parent.ref(), window));
    // a restarted brokerd: emsd's journal has the order, sent or not, with no venue answer
    trader.tell(new AccountTrader.Open(List.of(new ClearingProtocol.KnownOrder("sent-1", null, "sim.main", false,
        Markets.BTC))));
    parent.expectMessageClass(AccountTrader.Opened.class, Duration.ofSeconds(10));
    long opened = System.nanoTime();
    trader.tell(new AccountTrader.Submit(new ClearingProtocol.SubmitOrder("sent-1", null, "sim.main", OrderAction.BUY,
        Markets.BTC, new BigDecimal("59000"), new BigDecimal("0.001"))));
    long placed = placedAt.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertTrue(placed - opened >= window.toNanos() - Duration.ofMillis(200).toNanos(),
        "placed again " + Duration.ofNanos(placed - opened).toMillis() + " ms after the first miss");
    assertTrue(lookups.get() >= 2, "looked up again meanwhile: " + lookups.get());
  }
}
