package piker.backends.kraken.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.kraken.KrakenBackend;
import piker.backends.kraken.KrakenSettings;
import piker.backends.kraken.KrakenFakeDriver;
import piker.backends.kraken.fake.KrakenFake;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.TradeClient;
import piker.contracts.spi.TradeClient.NewOrder;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderRef;
import piker.contracts.spi.TradeClient.OrderState;

/** The trade client against the fake: what the kit does not cover (keys, nonces, rate limits, the switch, taker fills). */
class KrakenTradeClientTest {
  @TempDir
  static Path stateDir;
  private static KrakenFake fake;
  private static Fixture on;

  @BeforeAll
  static void startFake() {
    fake = KrakenFake.start(KrakenFake.Options.quick());
    on = new Fixture(fake, stateDir);
  }


  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @Test
  void aWrongSecretIsRefusedAsInvalidKeyInKrakensWords() {
    String[] key = on.newKey();
    long before = fake.signatureFailures();
    RemoteError refused = Fixture.refusal(on.open(Map.of("api_key", key[0], "api_secret", KrakenFakeDriver.newSecret()), 0,
        new Events()));
    assertTrue(ErrorKind.INVALID_KEY.is(refused), refused.describe());
    assertTrue(refused.message().contains("EAPI:Invalid signature"), refused.message());
    assertEquals(before + 1, fake.signatureFailures(), "the fake checked the signature and refused it once");
  }

  @Test
  void missingOrUnreadableCredentialsAreRefusedNamingTheField() {
    String secretLooking = "Zq9secretZq9secret";
    RemoteError noKey = Fixture.refusal(on.open(Map.of("api_secret", KrakenFakeDriver.newSecret()), 0, new Events()));
    assertTrue(ErrorKind.CREDENTIALS_REFUSED.is(noKey));
    assertEquals("brokers.toml [kraken] has no api_key", noKey.message());
    RemoteError noSecret = Fixture.refusal(on.open(Map.of("api_key", "k"), 0, new Events()));
    assertTrue(noSecret.message().startsWith("brokers.toml [kraken] has no api_secret"), noSecret.message());
    RemoteError notBase64 = Fixture.refusal(on.open(Map.of("api_key", "k", "api_secret", secretLooking + "*"), 0, new Events()));
    assertTrue(ErrorKind.CREDENTIALS_REFUSED.is(notBase64));
    assertTrue(notBase64.message().contains("api_secret is not base64"), notBase64.message());
    assertFalse(notBase64.message().contains(secretLooking), "the value is never quoted");
  }

  @Test
  void anOrderCrossingTheBookFillsOnArrivalAtTheBooksPrice() {
    Events events = new Events();
    try (TradeClient client = on.login(on.newKey(), 0, events)) {
      OrderState filled = Fixture.await(client.submit(new NewOrder("cross-" + System.nanoTime(), "btcusd.spot", "buy",
          new BigDecimal("60000.5"), new BigDecimal("0.00012345"))));
      assertEquals(OrderState.FILLED, filled.status(), "the state after matching on arrival: " + filled);
      assertEquals(0, new BigDecimal("0.00012345").compareTo(filled.filled()));
      NormTrade fill = Events.next(events.fills, trade -> trade.orderId().equals(filled.orderId()), "the taker fill");
      assertEquals(new BigDecimal("60000.0"), fill.price().stripTrailingZeros().setScale(1), "the ask it took");
      assertEquals("XXBTZUSD", fill.bsMktid());
      List<NormTrade> trades = Fixture.await(client.orderTrades(OrderRef.byVenueId("btcusd.spot", filled.orderId())));
      assertEquals(List.of(fill.tradeId()), trades.stream().map(NormTrade::tradeId).toList(),
          "the live fill and REST name one trade alike");
    }
  }

  @Test
  void theEnginesPerPairRateLimitIsADefiniteRejectionSayingSo() {
    try (TradeClient client = on.login(on.newKey(), 0, new Events())) {
      fake.failNextOrder("EOrder:Rate limit exceeded");
      RemoteError refused = Fixture.refusal(client.submit(new NewOrder("rate-" + System.nanoTime(), "btcusd.spot",
          "buy", new BigDecimal("50000.0"), new BigDecimal("0.001"))));
      assertEquals("EOrder:Rate limit exceeded", refused.type(), "Kraken's code, as the SPI asks");
      assertFalse(ErrorKind.VENUE_TIMEOUT.is(refused) || ErrorKind.VENUE_DISCONNECTED.is(refused)
          || ErrorKind.DUPLICATE_CLIENT_ID.is(refused), "not in doubt: brokerd takes it as rejected");
      assertTrue(refused.message().contains("per-pair order rate limit") && refused.message().contains("not placed"),
          refused.message());
      assertTrue(Fixture.await(client.openOrders()).isEmpty(), "nothing was placed");
    }
  }

  @Test
  void aPlacementWhoseAnswerIsLostIsFoundByItsClientIdNotSentAgain() {
    String[] key = on.newKey();
    // only the lost answer's timeout is short: it must fire; login and the REST lookup get seconds
    TradeTiming quick = new TradeTiming(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(15), Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(10));
    try (TradeClient client = Fixture.await(KrakenTradeClient.open(new KrakenSettings(fake.restUrl(), fake.wsUrl(),
        fake.wsAuthUrl(), Duration.ZERO), piker.backends.kraken.rest.RequestSigner.of(key[0], key[1]), stateDir,
        "main", new Events(), quick, new piker.backends.kraken.rest.KeyRegistry(piker.backends.kraken.rest.KeyRegistry.newIo())))) {
      fake.loseNextOrderAnswer();
      String clientId = "lost-" + System.nanoTime();
      OrderState found = Fixture.await(client.submit(new NewOrder(clientId, "btcusd.spot", "buy",
          new BigDecimal("59995.0"), new BigDecimal("0.001"))));
      assertEquals(clientId, found.clientId(), "looked up by its cl_ord_id");
      assertTrue(found.isOpen());
      assertEquals(1, fake.openOrders(key[0]), "placed once, never again");
    }
  }

  @Test
  void anOrderTheEngineCancelsWhilePendingIsRefusedWithItsReason() {
    try (TradeClient client = on.login(on.newKey(), 0, new Events())) {
      fake.rejectNextOrderAfterAccepting("EOrder:Insufficient funds");
      RemoteError refused = Fixture.refusal(client.submit(new NewOrder("rej-" + System.nanoTime(), "btcusd.spot",
          "buy", new BigDecimal("59995.0"), new BigDecimal("0.001"))));
      assertEquals("EOrder:Insufficient funds", refused.type());
      fake.rejectNextOrderAfterAccepting("User requested");
      OrderState canceled = Fixture.await(client.submit(new NewOrder("rej-" + System.nanoTime(), "btcusd.spot",
          "buy", new BigDecimal("59995.0"), new BigDecimal("0.001"))));
      assertEquals(OrderState.CANCELED, canceled.status(), "any other reason: the order as Kraken holds it");
    }
  }

  /** A key whose account pays fees (0.40 % taker), and in the base whatever it asks when {@code inBase}. */
  private static String[] payingKey(boolean inBase) {
    fake.feeFree(false);
    fake.feeInBaseAlways(inBase);
    try {
      return on.newKey();
    } finally {
      fake.feeFree(true);
      fake.feeInBaseAlways(false);
    }
  }

  @Test
  void aSalesFeeIsAskedForAndBookedInTheQuoteAsset() {
    Events events = new Events();
    try (TradeClient client = on.login(payingKey(false), 0, events)) {
      // unasked, Kraken charges a sale in the base ("fcib": "default if selling"): 0.000004 BTC, not USD
      OrderState sold = Fixture.await(client.submit(new NewOrder("fee-sell-" + System.nanoTime(), "btcusd.spot",
          "sell", new BigDecimal("59990.0"), new BigDecimal("0.001"))));
      NormTrade fill = Events.next(events.fills, trade -> trade.orderId().equals(sold.orderId()), "the taker fill");
      assertEquals(0, new BigDecimal("0.23996").compareTo(fill.fee()),
          "0.40 % of 59.99 USD, in USD as the ledger books it: " + fill.fee());
      BigDecimal btc = Fixture.await(client.positions(java.util.Set.of("btcusd.spot"))).stream()
          .filter(position -> "btcusd.spot".equals(position.bsFqme())).findFirst().orElseThrow().size();
      assertEquals(0, KrakenFake.STARTING_BALANCE.subtract(new BigDecimal("0.001")).compareTo(btc),
          "the sale alone left the BTC balance, no fee with it (asked in the quote): " + btc);
    }
  }

  @Test
  void aFeeChargedInTheBaseAnywayIsBookedAtTheFillsPriceAndTakenFromThePosition() {
    Events events = new Events();
    try (TradeClient client = on.login(payingKey(true), 0, events)) {
      OrderState bought = Fixture.await(client.submit(new NewOrder("fee-base-" + System.nanoTime(), "btcusd.spot",
          "buy", new BigDecimal("60000.0"), new BigDecimal("0.001"))));
      NormTrade fill = Events.next(events.fills, trade -> trade.orderId().equals(bought.orderId()), "the taker fill");
      assertEquals(0, new BigDecimal("0.24").compareTo(fill.fee()),
          "0.000004 BTC at the fill's 60000.0 is 0.24 USD, never 0.000004 USD: " + fill.fee());
      assertEquals(0, new BigDecimal("0.000004").compareTo(fill.baseFee()),
          "and the position grows by the 0.000996 BTC the balance did: " + fill);
    }
  }

  @Test
  void aPartlyFilledOrderCanceledKeepsWhatFilled() {
    Events events = new Events();
    try (TradeClient client = on.login(on.newKey(), 0, events)) {
      OrderState order = Fixture.await(client.submit(new NewOrder("part-" + System.nanoTime(), "btcusd.spot", "buy",
          new BigDecimal("59995.0"), new BigDecimal("0.001"))));
      assertTrue(order.isOpen());
      fake.fill(order.orderId(), "0.0004");
      Events.next(events.fills, trade -> trade.orderId().equals(order.orderId()), "the partial fill");
      OrderState canceled = Fixture.await(client.cancel(order.orderId()));
      assertEquals(OrderState.CANCELED, canceled.status());
      assertEquals(0, new BigDecimal("0.0004").compareTo(canceled.filled()), "filled: " + canceled);
    }
  }

  @Test
  void aKeyRevokedWhileDisconnectedIsReportedAsInvalidKeyAndNotRetried() {
    String[] key = on.newKey();
    Events events = new Events();
    try (TradeClient client = on.login(key, 0, events)) {
      fake.revokeKey(key[0]);
      long refusedBefore = fake.keyFailures();
      fake.dropPrivateConnections();
      RemoteError dropped = Events.next(events.downs, down -> true, "the drop");
      assertTrue(ErrorKind.VENUE_DISCONNECTED.is(dropped), dropped.describe());
      RemoteError refused = Events.next(events.downs, down -> true, "the refused reconnect");
      assertTrue(ErrorKind.INVALID_KEY.is(refused), refused.describe());
      assertTrue(refused.message().contains("EAPI:Invalid key"), refused.message());
      assertEquals(refusedBefore + 1, fake.keyFailures(), "one try: repeats would lock the key out");
      assertTrue(events.ups.isEmpty());
    }
  }

  @Test
  void anAmendIsToldWithTheNewPriceAndSizeUnderTheSameOrderId() {
    Events events = new Events();
    try (TradeClient client = on.login(on.newKey(), 0, events)) {
      OrderState order = Fixture.await(client.submit(new NewOrder("amend-" + System.nanoTime(), "btcusd.spot", "buy",
          new BigDecimal("59995.0"), new BigDecimal("0.001"))));
      fake.amend(order.orderId(), "0.002", "59994.5");
      OrderState amended = Events.next(events.orders, o -> o.orderId().equals(order.orderId())
          && o.price().compareTo(new BigDecimal("59994.5")) == 0, "the amend");
      assertEquals(0, new BigDecimal("0.002").compareTo(amended.size()));
      assertEquals(0, new BigDecimal("0.002").compareTo(amended.remaining()));
      assertEquals(order.clientId(), amended.clientId());
      assertTrue(amended.isOpen());
    }
  }

  @Test
  void anOrderOffItsPairsRulesIsRefusedBeforeItIsSent() {
    try (TradeClient client = on.login(on.newKey(), 0, new Events())) {
      RemoteError offTick = Fixture.refusal(client.submit(new NewOrder("tick-" + System.nanoTime(), "btcusd.spot", "buy",
          new BigDecimal("59995.05"), new BigDecimal("0.001"))));
      assertEquals("EGeneral:Invalid arguments", offTick.type());
      assertTrue(offTick.message().contains("tick_size 0.1"), offTick.message());
      RemoteError small = Fixture.refusal(client.submit(new NewOrder("min-" + System.nanoTime(), "btcusd.spot", "buy",
          new BigDecimal("59995.0"), new BigDecimal("0.00005"))));
      assertEquals("EOrder:Order minimum not met", small.type());
      assertTrue(small.message().endsWith("(checked against the pair's AssetPairs rules; not sent)"), small.message());
      RemoteError unknown = Fixture.refusal(client.submit(new NewOrder("none-" + System.nanoTime(), "nosuchcoin.spot", "buy",
          BigDecimal.ONE, BigDecimal.ONE)));
      assertTrue(ErrorKind.UNKNOWN_MARKET.is(unknown), unknown.describe());
    }
  }

  @Test
  void anInvalidNonceIsRetriedOnceAboveWhatKrakenSaw() {
    String[] key = on.newKey();
    try (TradeClient client = on.login(key, 0, new Events())) {
      Instant now = Instant.now();
      fake.nonceSeen(key[0], now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000 + 500_000);
      long before = fake.nonceFailures();
      assertTrue(Fixture.await(client.openOrders()).isEmpty());
      assertEquals(before + 1, fake.nonceFailures(), "refused once, then accepted past the bumped nonce");
    }
  }

  @Test
  void callsAskedAtOnceReachKrakenWithTheirNoncesInOrder() {
    try (TradeClient client = on.login(on.newKey(), 0, new Events())) {
      long before = fake.nonceFailures();
      List<java.util.concurrent.CompletableFuture<List<OrderState>>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(client.openOrders().toCompletableFuture());
      }
      calls.forEach(Fixture::await);
      assertEquals(before, fake.nonceFailures(), "no call was refused for its nonce");
    }
  }

  @Test
  void aRateLimitKeepsTheKeysCallsOffForTheWaitItNames() {
    String[] key = on.newKey();
    try (TradeClient client = on.login(key, 0, new Events())) {
      fake.failNextPrivate("EAPI:Rate limit exceeded");
      RemoteError limited = Fixture.refusal(client.openOrders());
      assertEquals("EAPI:Rate limit exceeded", limited.type());
      assertTrue(limited.message().startsWith("rate limited by kraken for 1 s"), limited.message());
      long calls = fake.privateCalls();
      RemoteError backingOff = Fixture.refusal(client.openOrders());
      assertEquals("EAPI:Rate limit exceeded", backingOff.type());
      assertTrue(backingOff.message().startsWith("rate limited by kraken for 1 s"), backingOff.message());
      assertEquals(calls, fake.privateCalls(), "nothing reached kraken while backing off");
    }
  }

  @Test
  void theDeadMansSwitchIsArmedWithCancelAfterFiresOnTheAccountAndIsDisarmedOnClose() {
    String[] key = on.newKey();
    Events events = new Events();
    KrakenTradeClient client = (KrakenTradeClient) on.login(key, 60, events);
    try {
      assertEquals(java.util.Optional.of(Duration.ofSeconds(60)), client.deadMansSwitch());
      OrderState order = Fixture.await(client.submit(new NewOrder("dms-" + System.nanoTime(), "btcusd.spot", "sell",
          new BigDecimal("60010.0"), new BigDecimal("0.001"))));
      Instant armedAt = Instant.now();
      Fixture.await(client.armDeadMansSwitch());
      Instant trigger = fake.cancelAfterTrigger(key[0]).orElseThrow();
      assertTrue(!trigger.isBefore(armedAt.plusSeconds(59)) && !trigger.isAfter(Instant.now().plusSeconds(61)),
          "about 60 s ahead: " + trigger);
      fake.fireCancelAfter(key[0]);
      OrderState canceled = Events.next(events.orders, o -> o.orderId().equals(order.orderId())
          && o.status().equals(OrderState.CANCELED), "the switch's cancel");
      assertEquals(OrderState.CANCELED, canceled.status());
      assertEquals(0, fake.openOrders(key[0]));
      Fixture.await(client.armDeadMansSwitch());
      assertTrue(fake.cancelAfterTrigger(key[0]).isPresent());
    } finally {
      client.close();
    }
    // close never blocks its caller (an actor stopping): the disarm reaches Kraken right after
    Fixture.eventually(() -> fake.cancelAfterTrigger(key[0]).isEmpty(), "an orderly close disarms it");
  }

  @Test
  void anOrderByClientIdIsFoundPastTheFirstPageOfClosedOrders() {
    String[] key = on.newKey();
    try (TradeClient client = on.login(key, 0, new Events())) {
      String clientId = "old-" + System.nanoTime();
      OrderState order = Fixture.await(client.submit(new NewOrder(clientId, "btcusd.spot", "buy",
          new BigDecimal("59995.0"), new BigDecimal("0.001"))));
      Fixture.await(client.cancel(order.orderId()));
      fake.closedOrders(key[0], 60); // 60 newer closed orders: ours is on the second page
      OrderState found = Fixture.await(client.order(OrderRef.byClientId("btcusd.spot", clientId))).orElseThrow(
          () -> new AssertionError("not found past the first page"));
      assertEquals(order.orderId(), found.orderId());
      assertEquals(OrderState.CANCELED, found.status());
    }
  }

  @Test
  void anArmStillUnansweredAtCloseIsDisarmed() {
    String[] key = on.newKey();
    KrakenTradeClient client = (KrakenTradeClient) on.login(key, 60, new Events());
    fake.loseNextAnswerTo("cancel_all_orders_after");
    client.armDeadMansSwitch(); // armed at Kraken, its answer never comes
    Fixture.eventually(() -> fake.cancelAfterTrigger(key[0]).isPresent(), "the arm reached kraken");
    client.close();
    Fixture.eventually(() -> fake.cancelAfterTrigger(key[0]).isEmpty(), "close disarms an arm in flight");
  }

  @Test
  void theSwitchStaysOffWithoutCancelAfter() {
    String[] key = on.newKey();
    KrakenTradeClient client = (KrakenTradeClient) on.login(key, 0, new Events());
    try {
      assertTrue(client.deadMansSwitch().isEmpty());
      Fixture.await(client.armDeadMansSwitch());
      assertTrue(fake.cancelAfterTrigger(key[0]).isEmpty());
    } finally {
      client.close();
    }
  }
}
