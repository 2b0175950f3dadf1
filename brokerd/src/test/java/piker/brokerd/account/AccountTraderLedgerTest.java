package piker.brokerd.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.accounting.LedgerFile;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.names.AccountName;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.VenueOrderStatus;
import piker.contracts.spi.TradeClient;
import piker.contracts.testkit.Markets;

/**
 * The ledger's writes run off the trader's thread, and still nothing about a fill reaches emsd before it is
 * in the ledger: with the disk held (a writer whose jobs wait for the test), the fill and whatever the
 * trader decided after it (here, the order's cancel at the venue) wait, then go out in the order they happened.
 */
class AccountTraderLedgerTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** Runs jobs at once until held; then keeps them, in order, until let go. */
  private static final class HeldDisk implements Executor {
    private final ArrayDeque<Runnable> held = new ArrayDeque<>();
    private boolean holding;
    final CompletableFuture<Void> jobHeld = new CompletableFuture<>();

    @Override
    public synchronized void execute(Runnable job) {
      if (holding) {
        held.add(job);
        jobHeld.complete(null);
      } else {
        job.run();
      }
    }

    synchronized void hold() {
      holding = true;
    }

    void letGo() {
      List<Runnable> jobs;
      synchronized (this) {
        holding = false;
        jobs = List.copyOf(held);
        held.clear();
      }
      jobs.forEach(Runnable::run);
    }
  }

  @Test
  void aFillReachesEmsdOnlyOnceItsLedgerWriteIsDoneAndWhatCameAfterItWaitsBehindIt() throws Exception {
    CompletableFuture<TradeClient.OrderRef> probeLookedUp = new CompletableFuture<>();
    QuietVenue venue = new QuietVenue() {
      @Override
      public CompletionStage<OrderState> submit(NewOrder order) {
        return CompletableFuture.completedFuture(new OrderState("V-1", order.clientId(), order.bsFqme(), order.side(),
            order.price(), order.size(), BigDecimal.ZERO, order.size(), OrderState.OPEN, 1L));
      }

      @Override
      public CompletionStage<Optional<OrderState>> order(OrderRef order) {
        probeLookedUp.complete(order);
        return CompletableFuture.completedFuture(Optional.empty());
      }
    };
    AtomicReference<TradeClient.TradeListener> events = new AtomicReference<>();
    HeldDisk disk = new HeldDisk();
    AccountName account = AccountName.parse("sim.main");
    TestProbe<AccountTrader.Reply> parent = kit.createTestProbe();
    ActorRef<AccountTrader.Command> trader = kit.spawn(AccountTrader.create(account, "A-1",
        () -> new BookThread(new AccountBook(dir, account), disk), (venueAccount, listener) -> {
          events.set(listener);
          return CompletableFuture.completedFuture(venue);
        }, parent.ref(), Duration.ofSeconds(20)));
    trader.tell(new AccountTrader.Open(List.of()));
    parent.expectMessageClass(AccountTrader.Opened.class, WAIT);
    trader.tell(new AccountTrader.Submit(new ClearingProtocol.SubmitOrder("w-1", null, "sim.main", OrderAction.BUY,
        Markets.BTC,
        new BigDecimal("59000"), new BigDecimal("0.001"))));
    assertEquals(new ClearingProtocol.Ack("w-1", "V-1"),
        parent.expectMessageClass(AccountTrader.Emit.class, WAIT).events().get(0));

    disk.hold();
    TradeClient.NormTrade trade = new TradeClient.NormTrade("T-1", "V-1", "w-1", "btcusdt.spot", "BTCUSDT", "buy",
        new BigDecimal("59000"), new BigDecimal("0.0005"), new BigDecimal("0.01"), 1L);
    events.get().onFill(trade);
    events.get().onOrder(new TradeClient.OrderState("V-1", "w-1", "btcusdt.spot", "buy", new BigDecimal("59000"),
        new BigDecimal("0.001"), new BigDecimal("0.0005"), BigDecimal.ZERO, TradeClient.OrderState.CANCELED, 2L));
    // a cancel of an order unknown here asks the venue: once it has, the trader has handled both events
    trader.tell(new AccountTrader.Cancel(new ClearingProtocol.CancelOrder("probe-1", null, "sim.main")));
    probeLookedUp.get(10, java.util.concurrent.TimeUnit.SECONDS);
    disk.jobHeld.get(10, java.util.concurrent.TimeUnit.SECONDS);
    parent.expectNoMessage(Duration.ofMillis(200));
    assertTrue(!LedgerFile.open(dir, "sim.main").has("T-1"), "the write is still held");

    disk.letGo();
    List<ClearingProtocol.BrokerEvent> first = parent.expectMessageClass(AccountTrader.Emit.class, WAIT).events();
    assertTrue(LedgerFile.open(dir, "sim.main").has("T-1"), "ledgered before emsd hears of it");
    assertEquals("T-1", assertInstanceOf(ClearingProtocol.Fill.class, first.get(0)).tid());
    assertInstanceOf(ClearingProtocol.PositionUpdate.class, first.get(1));
    ClearingProtocol.OrderStatus canceled = assertInstanceOf(ClearingProtocol.OrderStatus.class,
        parent.expectMessageClass(AccountTrader.Emit.class, WAIT).events().get(0));
    assertEquals("w-1", canceled.oid());
    assertEquals(VenueOrderStatus.CANCELED, canceled.status());
    assertEquals(0, new BigDecimal("0.0005").compareTo(canceled.filled()));
    ClearingProtocol.OrderStatus probe = assertInstanceOf(ClearingProtocol.OrderStatus.class,
        parent.expectMessageClass(AccountTrader.Emit.class, WAIT).events().get(0));
    assertEquals("probe-1", probe.oid());
    kit.stop(trader, WAIT); // its book writes the account file as it closes, before the temp dir goes
  }
}
