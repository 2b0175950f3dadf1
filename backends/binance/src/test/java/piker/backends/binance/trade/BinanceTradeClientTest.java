package piker.backends.binance.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piker.backends.binance.BinanceSettings;
import piker.backends.binance.fake.Arrival;
import piker.backends.binance.fake.BinanceFake;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.spi.TradeClient;
import piker.contracts.spi.TradeClient.NewOrder;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderRef;
import piker.contracts.spi.TradeClient.OrderState;
import piker.contracts.spi.TradeClient.VenuePosition;

/** The trade client against the protocol fake: login, orders, queries, doubt, limits and the user data link. */
class BinanceTradeClientTest {
  static final TradeTiming QUICK = new TradeTiming(Duration.ofSeconds(3), Duration.ofMillis(20), Duration.ofMillis(300),
      Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofHours(1));
  private static final String BTC = "btcusdt.spot";

  private BinanceFake fake;
  private BinanceSettings settings;
  private final Recorder events = new Recorder();
  private TradeClient client;

  /** What the client told its listener, in order. */
  static final class Recorder implements TradeClient.TradeListener {
    final BlockingQueue<OrderState> orders = new LinkedBlockingQueue<>();
    final BlockingQueue<NormTrade> fills = new LinkedBlockingQueue<>();
    final BlockingQueue<String> link = new LinkedBlockingQueue<>();

    @Override
    public void onOrder(OrderState order) {
      orders.add(order);
    }

    @Override
    public void onFill(NormTrade trade) {
      fills.add(trade);
    }

    @Override
    public void onDisconnected(RemoteError error) {
      link.add("down");
    }

    @Override
    public void onReconnected() {
      link.add("up");
    }

    /** The next order update with this status (earlier ones are passed over). */
    OrderState nextOrder(String status) throws InterruptedException {
      while (true) {
        OrderState order = orders.poll(5, TimeUnit.SECONDS);
        assertNotNull(order, "no order update " + status);
        if (order.status().equals(status)) {
          return order;
        }
      }
    }

    NormTrade nextFill() throws InterruptedException {
      NormTrade fill = fills.poll(5, TimeUnit.SECONDS);
      assertNotNull(fill, "no fill");
      return fill;
    }
  }

  @BeforeEach
  void start() throws Exception {
    fake = BinanceFake.start(BinanceFake.Options.quick());
    fake.book("BTCUSDT", "59999.99", "1", "60000.01", "1");
    settings = new BinanceSettings(fake.restUrl(), fake.streamUrl(), fake.wsApiUrl());
    client = await(BinanceTradeClient.open(settings, RequestSigner.hmac(BinanceFake.DOCS_API_KEY, BinanceFake.DOCS_SECRET),
        "main", events, QUICK));
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static RemoteError refusal(CompletionStage<?> stage) {
    ExecutionException failed = assertThrows(ExecutionException.class, () -> await(stage));
    return assertInstanceOf(RemoteException.class, failed.getCause()).error();
  }

  private OrderState buy(String clientId, String price, String size) throws Exception {
    return await(client.submit(new NewOrder(clientId, BTC, "buy", new BigDecimal(price), new BigDecimal(size))));
  }

  private int count(String request) {
    return fake.requestCounts().getOrDefault(request, 0);
  }

  @Test
  void loginReadsTheAccountAndSubscribesTheUserDataStream() {
    assertEquals(1, count("GET /api/v3/account"));
    assertEquals(1, fake.userDataSubscriptions());
    assertEquals("main", client.venueAccount());
  }

  @Test
  void aBadSecretIsRefusedInBinancesWordsWithoutQuotingTheKey() {
    String secret = "not-the-secret-0123456789";
    RemoteError error = refusal(BinanceTradeClient.open(settings, BinanceFake.DOCS_API_KEY, secret, "main", events));
    assertEquals("InvalidKey", error.type());
    assertEquals("binance refused the api key or its signature (-1022 Signature for this request is not valid.)",
        error.message());
    assertFalse(error.toString().contains(secret) || error.trace().contains(secret));
    assertFalse(error.toString().contains(BinanceFake.DOCS_API_KEY) || error.trace().contains(BinanceFake.DOCS_API_KEY));
    RemoteError unknown = refusal(BinanceTradeClient.open(settings, "someone-else", secret, "main", events));
    assertEquals("InvalidKey", unknown.type());
    assertTrue(unknown.message().contains("(-2015 "), unknown.message());
  }

  @Test
  void aRestingOrderFillsPartlyThenFullyWithEachFillOnce() throws Exception {
    OrderState placed = buy("ours-1", "59000.00", "0.002");
    assertEquals(OrderState.OPEN, placed.status());
    assertEquals("ours-1", placed.clientId());
    assertTrue(placed.orderId().startsWith("BTCUSDT:"));
    assertEquals(1, count("POST /api/v3/order"));
    fake.fill("BTCUSDT", "ours-1", "0.0005", null);
    NormTrade first = events.nextFill();
    assertEquals(0, new BigDecimal("0.0005").compareTo(first.size()));
    assertEquals("ours-1", first.clientId());
    fake.fill("BTCUSDT", "ours-1", "0.0015", null);
    NormTrade second = events.nextFill();
    assertEquals(0, new BigDecimal("0.0015").compareTo(second.size()));
    assertEquals(OrderState.FILLED, events.nextOrder(OrderState.FILLED).status());
    // A later update on the same link proves no repeated fill was queued before it.
    buy("ours-2", "58000.00", "0.002");
    await(client.cancel(events.nextOrder(OrderState.OPEN).orderId()));
    events.nextOrder(OrderState.CANCELED);
    assertTrue(events.fills.isEmpty(), "each fill once: " + events.fills);
    List<NormTrade> trades = await(client.trades(Set.of(BTC)));
    assertEquals(List.of(first.tradeId(), second.tradeId()), trades.stream().map(NormTrade::tradeId).toList());
    assertEquals("ours-1", trades.get(0).clientId());
  }

  /** A client opened afresh (brokerd after a restart) knows nothing the first one learned. */
  @Test
  void aFreshClientFindsAnOrderByClientIdInItsMarketAndNamesItsTradesClientId() throws Exception {
    OrderState placed = buy("r-1", "59000.00", "0.002");
    fake.fill("BTCUSDT", "r-1", "0.002", null);
    events.nextFill();
    try (TradeClient fresh = await(BinanceTradeClient.open(settings, RequestSigner.hmac(BinanceFake.DOCS_API_KEY,
        BinanceFake.DOCS_SECRET), "main", new Recorder(), QUICK))) {
      int lookups = count("GET /api/v3/order");
      OrderState found = await(fresh.order(OrderRef.byClientId(BTC, "r-1"))).orElseThrow();
      assertEquals(placed.orderId(), found.orderId());
      assertEquals(OrderState.FILLED, found.status());
      assertEquals(lookups + 1, count("GET /api/v3/order"), "one query in the market named, no scan");
    }
    try (TradeClient fresh = await(BinanceTradeClient.open(settings, RequestSigner.hmac(BinanceFake.DOCS_API_KEY,
        BinanceFake.DOCS_SECRET), "main", new Recorder(), QUICK))) {
      List<NormTrade> trades = await(fresh.trades(Set.of(BTC)));
      assertEquals(List.of("r-1"), trades.stream().map(NormTrade::clientId).toList(),
          "myTrades carries no client id: the order was read for it");
    }
  }

  @Test
  void aCrossingOrderReportsItsFillOnceFromTheAnswerAndTheEvent() throws Exception {
    OrderState taken = buy("taker-1", "60100.00", "0.01");
    assertEquals(OrderState.FILLED, taken.status());
    NormTrade fill = events.nextFill();
    assertEquals(taken.orderId(), fill.orderId());
    assertEquals(0, new BigDecimal("60000.01").compareTo(fill.price()));
    events.nextOrder(OrderState.FILLED);
    buy("later-1", "58000.00", "0.002");
    events.nextOrder(OrderState.OPEN);
    assertTrue(events.fills.isEmpty(), "the event repeated the answer's fill: " + events.fills);
  }

  /** rest-api.md myTrades: "limit ... Maximum: 1000." and "If fromId is set, it will get trades >= that fromId." */
  @Test
  void anOrdersTradesArePagedPastOneThousand() throws Exception {
    OrderState order = buy("many-1", "59000.00", "0.02");
    for (int i = 0; i < 1001; i++) {
      fake.fill("BTCUSDT", "many-1", "0.00001", null);
    }
    List<NormTrade> trades = await(client.orderTrades(OrderRef.byVenueId(BTC, order.orderId())));
    assertEquals(1001, trades.size());
    assertEquals(1001, trades.stream().map(NormTrade::tradeId).distinct().count(), "each trade once");
    assertEquals(2, count("GET /api/v3/myTrades"), "a full page of 1000, then a short one");
  }

  @Test
  void cancelRenamesTheOrderAndLookupByClientIdStillFindsIt() throws Exception {
    OrderState placed = buy("c-1", "59000.00", "0.002");
    OrderState canceled = await(client.cancel(placed.orderId()));
    assertEquals(OrderState.CANCELED, canceled.status());
    assertEquals("c-1", canceled.clientId());
    assertTrue(fake.arrivals().stream().anyMatch(a -> a.method().equals("DELETE")));
    OrderState found = await(client.order(OrderRef.byClientId(BTC, "c-1"))).orElseThrow();
    assertEquals(placed.orderId(), found.orderId());
    assertEquals(OrderState.CANCELED, found.status());
    assertEquals(OrderState.CANCELED, await(client.order(OrderRef.byVenueId(BTC, placed.orderId()))).orElseThrow()
        .status());
    assertTrue(await(client.order(OrderRef.byVenueId(BTC, "BTCUSDT:999999"))).isEmpty());
    assertEquals("-2011", refusal(client.cancel(placed.orderId())).type());
  }

  /** errors.md -2026: "Order was canceled or expired with no executed qty over 90 days ago and has been archived." */
  @Test
  void anArchivedOrderIsEndedWithNoFills() throws Exception {
    await(client.market(BTC));
    String archived = "Order was canceled or expired with no executed qty over 90 days ago and has been archived.";
    fake.failNext(400, -2026, archived);
    OrderState old = await(client.order(OrderRef.byVenueId(BTC, "BTCUSDT:42"))).orElseThrow();
    assertEquals("BTCUSDT:42", old.orderId());
    assertEquals(OrderState.CANCELED, old.status());
    assertEquals(0, old.filled().signum());
    assertEquals(BTC, old.bsFqme());
    fake.failNext(400, -2026, archived);
    assertEquals("-2026", refusal(client.order(OrderRef.byClientId(BTC, "never-seen"))).type(),
        "by client id the order cannot be named");
  }

  /** An order known to this client answered -2026 by client id is asked again by its id: ended, never "not found". */
  @Test
  void anOrderArchivedByClientIdIsAskedByItsIdAndEndedWithNoFills() throws Exception {
    OrderState placed = buy("arch-1", "59000.00", "0.002");
    String archived = "Order was canceled or expired with no executed qty over 90 days ago and has been archived.";
    fake.failNext(400, -2026, archived); // by origClientOrderId
    fake.failNext(400, -2026, archived); // by orderId
    int lookups = count("GET /api/v3/order");
    OrderState old = await(client.order(OrderRef.byClientId(BTC, "arch-1"))).orElseThrow();
    assertEquals(placed.orderId(), old.orderId());
    assertEquals("arch-1", old.clientId());
    assertEquals(OrderState.CANCELED, old.status());
    assertEquals(0, old.filled().signum());
    assertEquals(lookups + 2, count("GET /api/v3/order"), "by client id, then by order id");
  }

  @Test
  void openOrdersPositionsAndMarketComeFromTheVenue() throws Exception {
    OrderState older = buy("o-1", "59000.00", "0.002");
    OrderState newer = buy("o-2", "58000.00", "0.003");
    assertEquals(List.of(older.orderId(), newer.orderId()),
        await(client.openOrders()).stream().map(OrderState::orderId).toList());
    await(client.submit(new NewOrder("s-1", BTC, "sell", new BigDecimal("61000.00"), new BigDecimal("0.5"))));
    // spot: each market asked, with its base asset's balance (the fake starts with 10 of each coin)
    Map<String, VenuePosition> held = await(client.positions(Set.of(BTC, "ethusdt.spot"))).stream()
        .collect(Collectors.toMap(VenuePosition::bsFqme, p -> p));
    assertEquals(Set.of(BTC, "ethusdt.spot"), held.keySet());
    assertEquals("btc", held.get(BTC).asset());
    assertEquals(0, BigDecimal.TEN.compareTo(held.get(BTC).size()), "free + locked (0.5 locked by the sell)");
    assertEquals("eth", held.get("ethusdt.spot").asset());
    var pair = await(client.market(BTC));
    assertEquals("BTCUSDT", pair.bsMktid());
    assertEquals(0, new BigDecimal("0.01").compareTo(pair.priceTick()));
    assertEquals(0, new BigDecimal("0.00001").compareTo(pair.sizeTick()));
    assertEquals("-1121", refusal(client.market("nosuch.spot")).type());
  }

  @Test
  void aMarketBinanceNoLongerListsIsLeftOutOfTradesAndPositionsWithoutFailingThem() throws Exception {
    OrderState filled = buy("d-1", "60000.01", "0.002"); // crosses the ask: one trade
    List<NormTrade> trades = await(client.trades(Set.of(BTC, "delisted.spot")));
    assertEquals(List.of(filled.orderId()), trades.stream().map(NormTrade::orderId).distinct().toList());
    List<VenuePosition> held = await(client.positions(Set.of(BTC, "delisted.spot")));
    assertEquals(List.of(BTC), held.stream().map(VenuePosition::bsFqme).toList(), "its position unknown, not zero");
    assertEquals("-1121", refusal(client.market("delisted.spot")).type(), "still refused where it is asked for");
  }

  @Test
  void aFilterRefusalNamesTheFilterAndSendsNothing() throws Exception {
    await(client.market(BTC));
    int before = fake.arrivals().size();
    RemoteError offTick = refusal(client.submit(new NewOrder("f-1", BTC, "buy", new BigDecimal("59000.005"),
        new BigDecimal("0.002"))));
    assertEquals("-1013", offTick.type());
    assertTrue(offTick.message().startsWith("Filter failure: PRICE_FILTER"), offTick.message());
    assertTrue(refusal(client.submit(new NewOrder("f-2", BTC, "buy", new BigDecimal("100.00"),
        new BigDecimal("0.001")))).message().startsWith("Filter failure: NOTIONAL"));
    assertEquals(before, fake.arrivals().size());
  }

  /** -2010 covers "Duplicate order sent.": the order under that client id is looked up, the words never read. */
  @Test
  void aDuplicateClientIdIsLookedUpAndAnsweredAsTheSpisDuplicateKind() throws Exception {
    OrderState first = buy("dup-1", "59000.00", "0.002");
    int lookups = count("GET /api/v3/order");
    RemoteError duplicate = refusal(client.submit(new NewOrder("dup-1", BTC, "buy", new BigDecimal("58000.00"),
        new BigDecimal("0.002"))));
    assertEquals("DuplicateClientId", duplicate.type());
    assertTrue(duplicate.message().contains(first.orderId()), duplicate.message());
    assertTrue(duplicate.message().contains("(-2010 Duplicate order sent.)"), duplicate.message());
    assertEquals(lookups + 1, count("GET /api/v3/order"), "looked up by origClientOrderId");
    assertEquals(2, count("POST /api/v3/order"));
  }

  @Test
  void aVenueRejectionWhoseOrderDoesNotExistCarriesBinancesCodeAndMessage() throws Exception {
    await(client.market(BTC));
    fake.failNext(400, -2010, "Account has insufficient balance for requested action.");
    RemoteError poor = refusal(client.submit(new NewOrder("poor-1", BTC, "buy", new BigDecimal("59000.00"),
        new BigDecimal("0.002"))));
    assertEquals("-2010", poor.type());
    assertEquals("Account has insufficient balance for requested action.", poor.message());
    assertEquals(1, count("GET /api/v3/order"), "-2013 from the lookup: a genuine refusal");
  }

  @Test
  void aRejectionWhoseLookupFailsStaysInDoubt() throws Exception {
    await(client.market(BTC));
    fake.failNext(400, -2010, "Duplicate order sent.");
    fake.failNext(400, -1001, "Internal error; unable to process your request. Please try again.");
    RemoteError unsure = refusal(client.submit(new NewOrder("unsure-1", BTC, "buy", new BigDecimal("59000.00"),
        new BigDecimal("0.002"))));
    assertEquals("VenueTimeout", unsure.type(), unsure.message());
  }

  @Test
  void aClockSkewIsRecoveredByOneResyncAndOneRetry() throws Exception {
    await(client.market(BTC));
    fake.clockSkew(Duration.ofSeconds(10));
    buy("skew-1", "59000.00", "0.002");
    assertEquals(2, count("POST /api/v3/order"), "refused once, then placed");
    assertEquals(2, count("GET /api/v3/time"), "at login and on -1021");
    assertEquals(1, await(client.openOrders()).size());
  }

  @Test
  void aRateLimitKeepsEveryRequestOffTheHostUntilRetryAfter() throws Exception {
    fake.rateLimitNext(1);
    RemoteError limited = refusal(client.openOrders());
    assertEquals("-1003", limited.type());
    assertTrue(limited.message().startsWith("rate limited by binance for 1 s"), limited.message());
    long limitedAt = fake.arrivals().get(fake.arrivals().size() - 1).atMillis();
    assertTrue(await(client.openOrders()).isEmpty(), "the next request waited, then succeeded");
    Arrival next = fake.arrivals().get(fake.arrivals().size() - 1);
    assertTrue(next.atMillis() - limitedAt >= 1000, "asked again " + (next.atMillis() - limitedAt) + " ms after a 429");
  }

  @Test
  void duringABanOrdersAndCancelsFailAtOnceWithNothingSentAndReadsGiveUpPastTheirWait() throws Exception {
    OrderState resting = buy("ban-1", "59000.00", "0.002");
    fake.banNext(60);
    assertEquals("-1003", refusal(client.openOrders()).type(), "the 418 itself");
    long bannedAt = System.nanoTime();
    RemoteError order = refusal(client.submit(new NewOrder("ban-2", BTC, "buy", new BigDecimal("59000.00"),
        new BigDecimal("0.002"))));
    assertEquals("-1003", order.type());
    assertTrue(order.message().startsWith("rate limited by binance for "), order.message());
    assertEquals("-1003", refusal(client.cancel(resting.orderId())).type());
    assertEquals("-1003", refusal(client.order(new OrderRef(BTC, null, "ban-1"))).type(), "a minute is past a read's wait");
    assertTrue(System.nanoTime() - bannedAt < TimeUnit.SECONDS.toNanos(5), "refused at once, not after waiting");
    assertEquals(1, count("POST /api/v3/order"), "the order during the ban never left");
    assertEquals(0, count("DELETE /api/v3/order"));
  }

  /** rest-api.md: a -1015 429 carries Retry-After; "failing to back off after receiving 429s" earns a ban. */
  @Test
  void afterTooManyOrdersPlacementsFailUnsentUntilRetryAfterWhileReadsAndCancelsGoOn() throws Exception {
    OrderState resting = buy("tm-0", "59000.00", "0.002");
    fake.tooManyOrdersNext(1);
    RemoteError limited = refusal(client.submit(new NewOrder("tm-1", BTC, "buy", new BigDecimal("59000.00"),
        new BigDecimal("0.002"))));
    assertEquals("-1015", limited.type());
    long limitedAt = fake.arrivals().get(fake.arrivals().size() - 1).atMillis();
    RemoteError held = refusal(client.submit(new NewOrder("tm-2", BTC, "buy", new BigDecimal("59000.00"),
        new BigDecimal("0.002"))));
    assertEquals("-1015", held.type());
    assertTrue(held.message().startsWith("rate limited by binance for 1 s"), held.message());
    assertEquals(2, count("POST /api/v3/order"), "the held placement was never sent");
    assertEquals(1, await(client.openOrders()).size(), "reads go on: the IP is not limited");
    assertEquals(OrderState.CANCELED, await(client.cancel(resting.orderId())).status(), "cancels go on");
    // Retried until it goes: every attempt before the Retry-After fails here, unsent.
    OrderState placed = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (placed == null && System.nanoTime() < until) {
      try {
        placed = buy("tm-3", "59000.00", "0.002");
      } catch (ExecutionException e) {
        assertEquals("-1015", assertInstanceOf(RemoteException.class, e.getCause()).error().type());
        assertEquals(2, count("POST /api/v3/order"), "sent before the Retry-After passed");
        events.orders.poll(20, TimeUnit.MILLISECONDS); // polling interval; updates are not checked here
      }
    }
    assertNotNull(placed, "placements go again after the Retry-After");
    Arrival sent = fake.arrivals().get(fake.arrivals().size() - 1);
    assertEquals("POST", sent.method());
    assertTrue(sent.atMillis() - limitedAt >= 1000, "placed " + (sent.atMillis() - limitedAt) + " ms after the 429");
  }

  @Test
  void anInDoubtPlacementIsFoundByItsClientIdAndNotSentTwice() throws Exception {
    await(client.market(BTC));
    fake.failNextUnknown();
    OrderState found = buy("doubt-1", "59000.00", "0.002");
    assertEquals(OrderState.OPEN, found.status());
    assertEquals("doubt-1", found.clientId());
    assertEquals(1, count("POST /api/v3/order"));
    assertTrue(count("GET /api/v3/order") >= 1);
  }

  @Test
  void aPlacementAnsweredTooLateIsInDoubtAndFoundWithoutASecondOrder() throws Exception {
    TradeTiming impatient = new TradeTiming(Duration.ofMillis(300), QUICK.lookupEvery(), Duration.ofSeconds(5),
        QUICK.reconnectMin(), QUICK.reconnectMax(), QUICK.keepalive(), QUICK.deadAfter(), QUICK.rotateAfter());
    try (TradeClient hasty = await(BinanceTradeClient.open(settings,
        RequestSigner.hmac(BinanceFake.DOCS_API_KEY, BinanceFake.DOCS_SECRET), "main", new Recorder(), impatient))) {
      await(hasty.market(BTC));
      fake.delayNext(Duration.ofSeconds(1));
      OrderState found = await(hasty.submit(new NewOrder("late-1", BTC, "buy", new BigDecimal("59000.00"),
          new BigDecimal("0.002"))));
      assertEquals("late-1", found.clientId());
      assertEquals(OrderState.OPEN, found.status());
      assertEquals(1, count("POST /api/v3/order"));
    }
  }

  /** rest-api.md: "It is important to NOT treat this as a failure operation; the execution status is UNKNOWN". */
  @Test
  void aRefusedLookupDoesNotEndAnInDoubtPlacementTheNextLookupFindsIt() throws Exception {
    await(client.market(BTC));
    fake.failNextUnknown();
    fake.failNext(400, -1001, "Internal error; unable to process your request. Please try again.");
    OrderState found = buy("relook-1", "59000.00", "0.002");
    assertEquals(OrderState.OPEN, found.status());
    assertEquals(1, count("POST /api/v3/order"));
    assertTrue(count("GET /api/v3/order") >= 2, "looked up again after the refused lookup");
  }

  @Test
  void lookupsFailingPastTheWindowLeaveThePlacementInDoubtAsVenueTimeout() throws Exception {
    await(client.market(BTC));
    fake.failNext(503, -1007, "Timeout waiting for response from backend server.");
    for (int i = 0; i < 200; i++) {
      fake.failNext(401, -2015, "Invalid API-key, IP, or permissions for action.");
    }
    RemoteError unknown = refusal(client.submit(new NewOrder("lost-1", BTC, "buy", new BigDecimal("59000.00"),
        new BigDecimal("0.002"))));
    assertEquals("VenueTimeout", unknown.type(), unknown.message());
    assertTrue(unknown.message().contains("-2015"), unknown.message());
    assertEquals(1, count("POST /api/v3/order"), "never resent");
    assertTrue(count("GET /api/v3/order") >= 2, "looked up until the window passed");
  }

  @Test
  void anAcceptedPlacementWhoseAnswerCannotBeReadIsLookedUpNotRefused() throws Exception {
    await(client.market(BTC));
    fake.answerNext("{\"symbol\":\"BTCUSDT\",\"status\":\"SOMETHING_NEW\"}");
    OrderState found = buy("odd-1", "59000.00", "0.002");
    assertEquals(OrderState.OPEN, found.status());
    assertEquals("odd-1", found.clientId());
    assertEquals(1, count("POST /api/v3/order"));
  }

  /**
   * A 200 is Binance's acceptance even when its body is cut short: lookups answering -2013 for the whole window
   * leave it in doubt (VenueTimeout), never "never placed" (-2013), which would let brokerd place it again.
   */
  @Test
  void aPlacementAnsweredWithATruncated200IsNeverJudgedNeverPlaced() throws Exception {
    await(client.market(BTC));
    fake.failNextRaw(200, "{\"symbol\":\"BTCUSDT\",\"orderId\":28,\"clientOrderId\":\"cut-1\",\"status");
    RemoteError unknown = refusal(client.submit(new NewOrder("cut-1", BTC, "buy", new BigDecimal("59000.00"),
        new BigDecimal("0.002"))));
    assertEquals("VenueTimeout", unknown.type(), unknown.message());
    assertTrue(unknown.message().contains("binance accepted it but does not find it"), unknown.message());
    assertEquals(1, count("POST /api/v3/order"), "never resent");
    assertTrue(count("GET /api/v3/order") >= 2, "looked up until the window passed");
  }

  @Test
  void anInDoubtPlacementStopsBeingLookedUpWhenTheClientCloses() throws Exception {
    TradeTiming patient = new TradeTiming(QUICK.requestTimeout(), QUICK.lookupEvery(), Duration.ofHours(1),
        QUICK.reconnectMin(), QUICK.reconnectMax(), QUICK.keepalive(), QUICK.deadAfter(), QUICK.rotateAfter());
    TradeClient closing = await(BinanceTradeClient.open(settings,
        RequestSigner.hmac(BinanceFake.DOCS_API_KEY, BinanceFake.DOCS_SECRET), "main", new Recorder(), patient));
    await(closing.market(BTC));
    fake.failNext(503, -1007, "Timeout waiting for response from backend server.");
    CompletionStage<OrderState> doubt = closing.submit(new NewOrder("closed-1", BTC, "buy",
        new BigDecimal("59000.00"), new BigDecimal("0.002")));
    closing.close();
    assertEquals("VenueDisconnected", refusal(doubt).type(), "the lookups end with the client, the order in doubt");
    assertEquals(1, count("POST /api/v3/order"));
  }

  @Test
  void anInDoubtPlacementThatNeverHappenedIsJudgedSoAfterTheWindow() throws Exception {
    await(client.market(BTC));
    fake.failNext(503, -1007, "Timeout waiting for response from backend server.");
    RemoteError never = refusal(client.submit(new NewOrder("gone-1", BTC, "buy", new BigDecimal("59000.00"),
        new BigDecimal("0.002"))));
    assertEquals("-2013", never.type());
    assertEquals(1, count("POST /api/v3/order"), "never resent");
    assertTrue(count("GET /api/v3/order") >= 2, "looked up until the window passed");
  }

  @Test
  void aDroppedUserDataLinkReconnectsAndLaterEventsArrive() throws Exception {
    fake.dropConnections();
    assertEquals("down", events.link.poll(5, TimeUnit.SECONDS));
    assertEquals("up", events.link.poll(5, TimeUnit.SECONDS));
    assertEquals(1, fake.userDataSubscriptions());
    buy("after-1", "59000.00", "0.002");
    fake.fill("BTCUSDT", "after-1", "0.002", null);
    assertEquals("after-1", events.nextFill().clientId());
    fake.closeConnections();
    assertEquals("down", events.link.poll(5, TimeUnit.SECONDS));
    assertEquals("up", events.link.poll(5, TimeUnit.SECONDS));
    assertNull(events.link.poll(0, TimeUnit.SECONDS));
  }
}
