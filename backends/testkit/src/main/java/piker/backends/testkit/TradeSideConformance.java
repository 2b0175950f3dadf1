package piker.backends.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static piker.backends.testkit.Kit.assertExact;
import static piker.backends.testkit.Kit.await;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import piker.contracts.RemoteError;
import piker.contracts.spi.TradeClient;
import piker.contracts.spi.TradeClient.NewOrder;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderRef;
import piker.contracts.spi.TradeClient.OrderState;
import piker.contracts.spi.TradeClient.VenuePosition;

/**
 * The trade side every backend with {@code open_trade_dialog} passes ({@link TradeClient} as brokerd uses
 * it), each check on an account of {@link VenueDriver#newAccount()}. Orders rest a few ticks inside a
 * book the check sets itself, and fill only when the driver fills them.
 */
public interface TradeSideConformance {

  VenueDriver driver();

  /** Client ids unique across checks and runs: short, letters, digits and '-', as every venue takes. */
  AtomicLong CLIENT_IDS = new AtomicLong();

  private static String clientId() {
    return "kit-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36) + "-"
        + CLIENT_IDS.incrementAndGet();
  }

  private TradeClient open(VenueDriver.Account account, Kit.Events events) {
    return await(driver().backend().openTradeClient(driver().context(), account.credentials(),
        account.venueAccount(), events), "logging in");
  }

  /** A check given the account its client trades, for checks that open a second client on it. */
  @FunctionalInterface
  interface AccountCheck {
    void run(VenueDriver.Account account, TradeClient client, Kit.Events events);
  }

  /** An order that rests: the book is set ten ticks either side of the market's price first. */
  private OrderState rest(TradeClient client, String side, int ticks, long lots, String clientId) {
    VenueDriver.Market market = driver().first();
    driver().inject(market.bsFqme(), "bid", market.price(-10), market.lots(1));
    driver().inject(market.bsFqme(), "ask", market.price(10), market.lots(1));
    BigDecimal price = market.price(ticks);
    OrderState placed = await(client.submit(new NewOrder(clientId, market.bsFqme(), side, price,
        market.lots(lots))), "placing " + side + " " + market.lots(lots).toPlainString() + " @ " + price.toPlainString());
    assertTrue(placed.isOpen(), "a limit order inside the spread rests: " + placed);
    return placed;
  }

  /** Lots for an order at the market's price: a multiple of four, over the min notional. */
  private long lots() {
    return 4 * driver().first().minLots(driver().first().price());
  }

  /** Runs a check on a client of {@link VenueDriver#newAccount()}, leaving no order of it open however it ends. */
  private void trading(BiConsumer<TradeClient, Kit.Events> check) {
    tradingAs((account, client, events) -> check.accept(client, events));
  }

  private void tradingAs(AccountCheck check) {
    Kit.Events events = new Kit.Events();
    VenueDriver.Account account = driver().newAccount();
    try (TradeClient client = open(account, events)) {
      try {
        check.run(account, client, events);
      } finally {
        cancelAll(client);
      }
    }
  }

  /** Leaves the book as found: the account's open orders canceled (a failed check may have left some). */
  private static void cancelAll(TradeClient client) {
    try {
      for (OrderState order : client.openOrders().toCompletableFuture().get(Kit.PATIENCE.toMillis(),
          TimeUnit.MILLISECONDS)) {
        client.cancel(order.orderId()).toCompletableFuture().get(Kit.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (Exception e) {
      // best effort: the check's own assertion says what went wrong
    }
  }

  /**
   * What positions() reports for the market when asked about it; zero when absent. A spot venue answers
   * its base asset's balance under the market's key (asset set), so fills change it exactly as a position.
   */
  private static BigDecimal position(TradeClient client, VenueDriver.Market market) {
    return await(client.positions(Set.of(market.bsFqme())), "positions").stream()
        .filter(position -> position.bsFqme().equals(market.bsFqme()))
        .map(VenuePosition::size).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  default void loginIsRefusedForABadKey() {
    RemoteError refused = Kit.refusal(driver().backend().openTradeClient(driver().context(),
        driver().refusedCredentials(), driver().newAccount().venueAccount(), new Kit.Events()), "a login with a bad key");
    assertEquals(driver().codes().invalidKey(), refused.type(), "the venue's code: " + refused.describe());
  }

  @Test
  default void orderIsAcceptedOrRejectedWithTheVenuesReason() {
    trading((client, events) -> {
      VenueDriver.Market market = driver().first();
      String clientId = clientId();
      OrderState placed = rest(client, "buy", 0, lots(), clientId);
      assertEquals(clientId, placed.clientId(), "the client id it was placed with");
      assertEquals(market.bsFqme(), placed.bsFqme());
      assertEquals("buy", placed.side());
      assertExact(market.price(), placed.price(), "price");
      assertExact(market.lots(lots()), placed.size(), "size");
      assertExact(BigDecimal.ZERO, placed.filled(), "filled");
      assertExact(market.lots(lots()), placed.remaining(), "remaining");
      events.order(placed.orderId(), OrderState.OPEN);

      VenueDriver.VenueError armed = driver().failNextRequest();
      String refusedId = clientId();
      RemoteError refused = Kit.refusal(client.submit(new NewOrder(refusedId, market.bsFqme(), "buy",
          market.price(-1), market.lots(lots()))), "an order the venue rejects");
      assertEquals(armed.code(), refused.type(), "the venue's code: " + refused.describe());
      assertTrue(refused.message().contains(armed.message()), "the venue's reason: " + refused.describe());
      assertEquals(Optional.empty(), await(client.order(OrderRef.byClientId(market.bsFqme(), refusedId)),
          "the rejected order looked up"));
    });
  }

  @Test
  default void ordersFillPartlyThenFully() {
    trading((client, events) -> {
      VenueDriver.Market market = driver().first();
      long lots = lots();
      BigDecimal quarter = market.lots(lots / 4);
      BigDecimal rest = market.lots(lots - lots / 4);
      BigDecimal before = position(client, market);
      OrderState order = rest(client, "buy", 0, lots, clientId());

      driver().fill(order, quarter);
      NormTrade first = events.fill(order.orderId(), quarter);
      assertExact(market.price(), first.price(), "a maker fill at the order's limit");
      OrderState partly = await(client.order(OrderRef.byVenueId(market.bsFqme(), order.orderId())),
          "the order after a partial fill").orElseThrow();
      assertTrue(partly.isOpen(), "partly filled is still open: " + partly);
      assertExact(quarter, partly.filled(), "filled");
      assertExact(rest, partly.remaining(), "remaining");

      driver().fill(order, rest);
      NormTrade second = events.fill(order.orderId(), rest);
      events.order(order.orderId(), OrderState.FILLED);
      OrderState filled = await(client.order(OrderRef.byVenueId(market.bsFqme(), order.orderId())),
          "the filled order").orElseThrow();
      assertEquals(OrderState.FILLED, filled.status());
      assertExact(BigDecimal.ZERO, filled.remaining(), "remaining");

      List<NormTrade> trades = await(client.orderTrades(OrderRef.byVenueId(market.bsFqme(), order.orderId())),
          "the order's trades");
      assertEquals(List.of(first.tradeId(), second.tradeId()), trades.stream().map(NormTrade::tradeId).toList(),
          "the order's trades, oldest first");
      assertNotEquals(first.tradeId(), second.tradeId(), "each trade has an id of its own");
      for (NormTrade trade : trades) {
        assertEquals(market.bsFqme(), trade.bsFqme());
        assertEquals("buy", trade.side());
        assertFalse(trade.bsMktid().isBlank(), "the venue's market id");
      }
      assertExact(before.add(market.lots(lots)), position(client, market), "position after the buy");
    });
  }

  @Test
  default void tradesAndPositionsCoverTheAccount() {
    trading((client, events) -> {
      VenueDriver.Market market = driver().first();
      long lots = lots();
      BigDecimal before = position(client, market);
      OrderState buy = rest(client, "buy", 0, lots, clientId());
      driver().fill(buy, market.lots(lots));
      NormTrade bought = events.fill(buy.orderId(), market.lots(lots));
      OrderState sell = rest(client, "sell", 1, lots / 4, clientId());
      driver().fill(sell, market.lots(lots / 4));
      NormTrade sold = events.fill(sell.orderId(), market.lots(lots / 4));

      List<String> ids = await(client.trades(Set.of(market.bsFqme())), "the account's trades in the market")
          .stream().map(NormTrade::tradeId)
          .filter(id -> id.equals(bought.tradeId()) || id.equals(sold.tradeId())).toList();
      assertEquals(List.of(bought.tradeId(), sold.tradeId()), ids, "the account's trades, oldest first");
      assertExact(before.add(market.lots(lots - lots / 4)), position(client, market), "net position");
    });
  }

  @Test
  default void cancelEndsAnOrder() {
    trading((client, events) -> {
      OrderState order = rest(client, "sell", 2, lots(), clientId());
      OrderState canceled = await(client.cancel(order.orderId()), "cancel");
      assertEquals(OrderState.CANCELED, canceled.status());
      assertExact(BigDecimal.ZERO, canceled.filled(), "filled");
      events.order(order.orderId(), OrderState.CANCELED);
      assertTrue(await(client.openOrders(), "open orders").stream()
          .noneMatch(open -> open.orderId().equals(order.orderId())), "a canceled order is not open");
      Kit.refusal(client.cancel(order.orderId()), "canceling it again");
    });
  }

  /**
   * Lookups by client id and by venue id, in the order's market; also from a client opened afresh on the
   * account, as brokerd's after a restart, which knows nothing the first client learned.
   */
  @Test
  default void ordersAreFoundByClientId() {
    tradingAs((account, client, events) -> {
      String clientId = clientId();
      OrderState order = rest(client, "buy", -2, lots(), clientId);
      String market = order.bsFqme();
      OrderState found = await(client.order(OrderRef.byClientId(market, clientId)), "lookup by client id")
          .orElseThrow();
      Kit.assertSameOrder(order.orderId(), found);
      assertTrue(found.isOpen());
      assertEquals(clientId, await(client.order(OrderRef.byVenueId(market, order.orderId())), "lookup by venue id")
          .orElseThrow().clientId(), "the client id it was placed with");
      assertEquals(Optional.empty(), await(client.order(OrderRef.byClientId(market, clientId())),
          "lookup of a client id never used"));
      try (TradeClient fresh = open(account, new Kit.Events())) {
        OrderState again = await(fresh.order(OrderRef.byClientId(market, clientId)),
            "lookup by client id from a fresh client").orElseThrow();
        Kit.assertSameOrder(order.orderId(), again);
        assertEquals(clientId, again.clientId(), "the client id, read back by a fresh client");
      }
    });
  }

  @Test
  default void openOrdersListTheAccountsRestingOrdersOldestFirst() {
    trading((client, events) -> {
      OrderState first = rest(client, "buy", -1, lots(), clientId());
      OrderState second = rest(client, "sell", 1, lots(), clientId());
      List<String> ours = List.of(first.orderId(), second.orderId());
      assertEquals(ours, await(client.openOrders(), "open orders").stream().map(OrderState::orderId)
          .filter(ours::contains).toList(), "the account's open orders, oldest first");
    });
  }

  @Test
  default void eventsArriveAfterAReconnect() {
    trading((client, events) -> {
      OrderState order = rest(client, "buy", 0, lots(), clientId());
      driver().dropConnections();
      Kit.next(events.disconnects, error -> true, Kit.PATIENCE, "onDisconnected after the drop");
      Kit.next(events.reconnects, reconnected -> true, Kit.PATIENCE, "onReconnected after the drop");
      assertTrue(await(client.openOrders(), "open orders after the reconnect").stream()
          .anyMatch(open -> open.orderId().equals(order.orderId())), "the order survived the drop");
      driver().fill(order, order.size());
      events.fill(order.orderId(), order.size());
      events.order(order.orderId(), OrderState.FILLED);
    });
  }

  @Test
  default void aDuplicateClientIdIsRefusedWhileItsOrderIsOpen() {
    trading((client, events) -> {
      VenueDriver.Market market = driver().first();
      String clientId = clientId();
      OrderState order = rest(client, "buy", -3, lots(), clientId);
      RemoteError refused = Kit.refusal(client.submit(new NewOrder(clientId, market.bsFqme(), "buy",
          market.price(-4), market.lots(lots()))), "a second order with the same client id");
      assertEquals(driver().codes().duplicateClientId(), refused.type(), "the venue's code: " + refused.describe());
      assertEquals(List.of(order.orderId()), await(client.openOrders(), "open orders").stream()
          .filter(open -> clientId.equals(open.clientId())).map(OrderState::orderId).toList(),
          "only the first order rests with that client id");
    });
  }

  /** Min notional, exactly: one lot under it is refused, at it accepted. MktPair does not carry it yet. */
  @Test
  default void ordersUnderTheMinNotionalAreRefused() {
    VenueDriver.Market market = driver().first();
    assumeTrue(market.minNotional().signum() > 0, "the venue has no min notional");
    long least = market.minLots(market.price());
    assumeTrue(least > 1, "one lot already reaches the min notional at the market's price");
    trading((client, events) -> {
      RemoteError refused = Kit.refusal(client.submit(new NewOrder(clientId(), market.bsFqme(), "buy",
          market.price(), market.lots(least - 1))), "an order one lot under the min notional");
      assertFalse(refused.message().isBlank(), "the refusal says why");
      rest(client, "buy", 0, least, clientId());
    });
  }
}
