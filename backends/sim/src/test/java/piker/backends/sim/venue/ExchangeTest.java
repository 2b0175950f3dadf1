package piker.backends.sim.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchange's matching and queries without a websocket, on a quiet solusdt.spot (149.999 / 150.001). */
class ExchangeTest {
  @TempDir
  Path dir;
  private final VenueJson json = new VenueJson();
  private final SimMarket sol = SimCatalog.standard().find("solusdt.spot").orElseThrow();
  private ExchangeLog log;
  private Exchange exchange;
  private MarketBook book;

  @BeforeEach
  void open() {
    log = new ExchangeLog(dir, json);
    exchange = new Exchange(log, json);
    book = new MarketBook(sol, null, 0);
  }

  @AfterEach
  void close() {
    log.close();
  }

  private static BigDecimal d(String text) {
    return new BigDecimal(text);
  }

  private VenueOrder place(String account, String side, String price, String size, long timeNs) {
    Exchange.Placed placed = assertInstanceOf(Exchange.Placed.class,
        exchange.place(account, book, side, d(price), d(size), null, timeNs));
    assertTrue(placed.fills().isEmpty(), "a maker rests");
    return placed.order();
  }

  private static void assertFill(Exchange.Fill fill, VenueOrder order, String price, String size) {
    assertEquals(order.orderId, fill.order().orderId);
    assertEquals(0, d(price).compareTo(fill.price()), "fills at the maker's limit");
    assertEquals(0, d(size).compareTo(fill.size()));
  }

  private static List<String> ids(List<VenueOrder> orders) {
    return orders.stream().map(o -> o.orderId).toList();
  }

  @Test
  void aTickFillsMakersBestLimitFirstThenOldestAndSkipsCanceledOnes() {
    VenueOrder low = place("A", "buy", "149.5", "0.1", 1);
    VenueOrder first = place("A", "buy", "149.8", "0.1", 2);
    VenueOrder second = place("B", "buy", "149.8", "0.1", 2); // same limit and time: arrival decides
    VenueOrder canceled = place("A", "buy", "149.9", "0.1", 3);
    VenueOrder lower = place("B", "buy", "149.7", "0.1", 4);
    VenueOrder ask = place("A", "sell", "150.5", "0.1", 5);
    assertInstanceOf(Exchange.Canceled.class, exchange.cancel("A", canceled.orderId));
    assertEquals(Set.of("solusdt.spot"), exchange.marketsWithOpenOrders());

    List<Exchange.Fill> partly = exchange.onTick(sol, "ask", d("149.8"), d("0.04"), 10);
    assertEquals(1, partly.size());
    assertFill(partly.get(0), first, "149.8", "0.04");
    assertEquals(VenueOrder.OPEN, first.status);

    List<Exchange.Fill> sweep = exchange.onTick(sol, "ask", d("149.6"), d("0.2"), 11);
    assertEquals(3, sweep.size());
    assertFill(sweep.get(0), first, "149.8", "0.06");
    assertFill(sweep.get(1), second, "149.8", "0.1");
    assertFill(sweep.get(2), lower, "149.7", "0.04");
    assertEquals(VenueOrder.FILLED, first.status);
    assertEquals(0, canceled.filled.signum(), "a canceled order never fills");
    assertEquals(0, low.filled.signum(), "a limit the tick does not reach stays untouched");
    assertTrue(exchange.onTick(sol, "bid", d("149.6"), d("1"), 12).isEmpty(), "a bid never hits buys");

    assertEquals(List.of(low.orderId, ask.orderId), ids(exchange.openOrders("A")), "oldest first");
    assertEquals(List.of(lower.orderId), ids(exchange.openOrders("B")));
    assertEquals(List.of(partly.get(0), sweep.get(0)), exchange.trades("A", first.orderId));
    assertTrue(exchange.trades("B", first.orderId).isEmpty(), "another account's order has no trades for B");
    assertEquals(0, d("0.1").compareTo(exchange.positions("A").get("solusdt.spot")));
    assertEquals(0, d("0.14").compareTo(exchange.positions("B").get("solusdt.spot")));
  }

  @Test
  void aTradeHitsBuysThenSellsAndARestartRebuildsTheBooks() {
    VenueOrder buy = place("A", "buy", "150.000", "0.1", 1);
    VenueOrder sell = place("A", "sell", "150.000", "0.1", 2);
    VenueOrder under = place("A", "buy", "149.9", "0.1", 3);
    Exchange.Placed taker = assertInstanceOf(Exchange.Placed.class,
        exchange.place("A", book, "sell", d("149.999"), d("0.1"), "t", 4));
    assertEquals(VenueOrder.FILLED, taker.order().status, "a sell at the bid takes it on arrival");

    log.close();
    open();
    assertEquals(List.of(buy.orderId, sell.orderId, under.orderId), ids(exchange.openOrders("A")));
    assertEquals(VenueOrder.FILLED, exchange.byClientId("A", "t").orElseThrow().status);
    List<Exchange.Fill> fills = exchange.onTick(sol, "trade", d("150.000"), d("0.15"), 10);
    assertEquals(2, fills.size());
    assertFill(fills.get(0), buy, "150.000", "0.1");
    assertFill(fills.get(1), sell, "150.000", "0.05");
    assertEquals(List.of("SIMT-1", "SIMT-2", "SIMT-3"),
        exchange.trades("A").stream().map(Exchange.Fill::tradeId).toList(), "trade ids go on from the log");
    assertEquals(List.of(sell.orderId, under.orderId), ids(exchange.openOrders("A")));
    assertEquals(1, exchange.onTick(sol, "bid", d("150.000"), d("1"), 11).size());
    assertEquals(1, exchange.onTick(sol, "ask", d("149.9"), d("1"), 12).size());
    assertTrue(exchange.marketsWithOpenOrders().isEmpty(), "no open order left, no market to keep walking");
    assertTrue(exchange.positions("A").isEmpty(), "bought 0.2, sold 0.2: flat is left out");
  }
}
