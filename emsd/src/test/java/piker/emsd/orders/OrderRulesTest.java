package piker.emsd.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.market.MktPair;
import piker.contracts.market.Scale;
import piker.contracts.orders.OrderAction;
import piker.contracts.orders.OrderResp;
import piker.contracts.testkit.Markets;

class OrderRulesTest {
  private static final Set<String> ACCOUNTS = Set.of("sim.paper", "sim.main");
  private static final Set<String> BROKERS = Set.of("sim");

  private static EmsProtocol.Order order(String oid, String action, String fqme, String price, String size,
                                         String account, String exec) {
    return new EmsProtocol.Order(oid, action, fqme, price == null ? null : new BigDecimal(price),
        size == null ? null : new BigDecimal(size), account, exec);
  }

  private static String refusal(EmsProtocol.Order order) {
    return assertInstanceOf(OrderRules.Refused.class, OrderRules.checkShape(order, ACCOUNTS, BROKERS)).reason();
  }

  private static OrderRules.Shaped shaped(EmsProtocol.Order order) {
    return assertInstanceOf(OrderRules.Shaped.class, OrderRules.checkShape(order, ACCOUNTS, BROKERS));
  }

  @Test
  void aWellFormedOrderIsShapedWithItsAccountResolved() {
    OrderRules.Shaped shaped = shaped(order("o-1", "buy", "BTCUSDT.SPOT.SIM", "60000.01", "0.001", "paper", null));
    assertEquals("sim.paper", shaped.account());
    assertEquals(Markets.BTC, shaped.fqme());
    assertEquals(false, shaped.dark());
    assertTrue(shaped(order("a", "alert", "btcusdt.spot.sim", "1", "1", null, "live")).dark(), "alerts are dark");
  }

  @Test
  void everyMalformedFieldIsRefusedWithAReasonNamingIt() {
    assertTrue(refusal(order(null, "buy", "btcusdt.spot.sim", "1", "1", "paper", null)).contains("oid"));
    assertTrue(refusal(order("x".repeat(65), "buy", "btcusdt.spot.sim", "1", "1", "paper", null)).contains("oid"));
    assertTrue(refusal(order("bad oid", "buy", "btcusdt.spot.sim", "1", "1", "paper", null)).contains("oid"));
    assertTrue(refusal(order("o", "short", "btcusdt.spot.sim", "1", "1", "paper", null)).contains("action"));
    assertTrue(refusal(order("o", "buy", "btc usdt", "1", "1", "paper", null)).contains("fqme"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.kraken", "1", "1", "paper", null)).contains("backend"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "1", "1", "paper", "iceberg")).contains("exec"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "-1", "1", "paper", null)).contains("price"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", null, "1", "paper", null)).contains("price"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "1", "0", "paper", null)).contains("size"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "1", "-0.1", "paper", null)).contains("size"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "1", "1", "sim.other", null)).contains("unknown account"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "1E+400", "1", "paper", null)).contains("out of range"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "1", "1E-400", "paper", null)).contains("out of range"));
    // hostile magnitudes are refused without ever being written out in plain digits
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "-1E+999999999", "1", "paper", null)).contains("out of range"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "1", "-1E+999999999", "paper", null)).contains("out of range"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "1", "-1E-999999999", "paper", null)).contains("out of range"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "-1E+2147483647", "1", "paper", null)).contains("out of range"));
    assertTrue(refusal(order("o", "buy", "btcusdt.spot.sim", "12E+2147483646", "1", "paper", null)).contains("out of range"));
  }

  @Test
  void aPaperOrderBelowTheMarketsMinimumValueIsRefusedAndAnAlertOrALiveOrderIsNot() {
    MktPair withMinimum = new MktPair(Markets.BTC, Markets.BTC_MKT.dst(), Markets.BTC_MKT.src(),
        Markets.BTC_MKT.priceTick(), Markets.BTC_MKT.sizeTick(), Markets.BTC_MKT.takerFee(), Markets.BTC_MKT.bsMktid(),
        new BigDecimal("5"));
    long last = withMinimum.priceScale().units(new BigDecimal("59000"));
    OrderRules.Shaped small = shaped(order("o", "buy", "btcusdt.spot.sim", "59000", "0.00008", "paper", null));
    assertTrue(OrderRules.checkMarket(small, withMinimum, last, Optional.empty(), RiskLimits.NONE).orElseThrow()
        .contains("minimum order value 5"));
    OrderRules.Shaped enough = shaped(order("o", "buy", "btcusdt.spot.sim", "59000", "0.0001", "paper", null));
    assertTrue(OrderRules.checkMarket(enough, withMinimum, last, Optional.empty(), RiskLimits.NONE).isEmpty());
    OrderRules.Shaped alert = shaped(order("o", "alert", "btcusdt.spot.sim", "59000", "0.00008", "paper", null));
    assertTrue(OrderRules.checkMarket(alert, withMinimum, last, Optional.empty(), RiskLimits.NONE).isEmpty());
    // brokerd checks a live order against the venue's own filters, and names them
    OrderRules.Shaped live = shaped(order("o", "buy", "btcusdt.spot.sim", "59000", "0.00008", "sim.main", null));
    assertTrue(OrderRules.checkMarket(live, withMinimum, last, Optional.empty(), RiskLimits.NONE).isEmpty());
  }

  @Test
  void aPaperOrderBelowTheMarketsMinimumSizeIsRefusedAndALiveOrderIsNot() {
    MktPair kraken = new MktPair(Markets.BTC, Markets.BTC_MKT.dst(), Markets.BTC_MKT.src(),
        Markets.BTC_MKT.priceTick(), Markets.BTC_MKT.sizeTick(), Markets.BTC_MKT.takerFee(), Markets.BTC_MKT.bsMktid(),
        BigDecimal.ZERO, Markets.BTC_MKT.takerFee(), new BigDecimal("0.0001"));
    long last = kraken.priceScale().units(new BigDecimal("59000"));
    OrderRules.Shaped small = shaped(order("o", "buy", "btcusdt.spot.sim", "59000", "0.00009", "paper", null));
    assertTrue(OrderRules.checkMarket(small, kraken, last, Optional.empty(), RiskLimits.NONE).orElseThrow()
        .contains("minimum order size 0.0001"));
    OrderRules.Shaped enough = shaped(order("o", "buy", "btcusdt.spot.sim", "59000", "0.0001", "paper", null));
    assertTrue(OrderRules.checkMarket(enough, kraken, last, Optional.empty(), RiskLimits.NONE).isEmpty());
    OrderRules.Shaped live = shaped(order("o", "buy", "btcusdt.spot.sim", "59000", "0.00009", "sim.main", null));
    assertTrue(OrderRules.checkMarket(live, kraken, last, Optional.empty(), RiskLimits.NONE).isEmpty(),
        "brokerd checks live orders against the venue's own rules (Kraken's ordermin), and names them");
  }

  @Test
  void marketChecksCoverTicksModifiesAndRisk() {
    RiskLimits none = RiskLimits.NONE;
    long last = Markets.BTC_MKT.priceScale().units(new BigDecimal("60000"));
    OrderRules.Shaped offTick = shaped(order("o", "buy", "btcusdt.spot.sim", "60000.001", "0.001", "paper", null));
    assertTrue(OrderRules.checkMarket(offTick, Markets.BTC_MKT, last, Optional.empty(), none).orElseThrow()
        .contains("price tick"));
    OrderRules.Shaped offSize = shaped(order("o", "buy", "btcusdt.spot.sim", "60000", "0.000001", "paper", null));
    assertTrue(OrderRules.checkMarket(offSize, Markets.BTC_MKT, last, Optional.empty(), none).orElseThrow()
        .contains("size tick"));

    Dialog mainOrder = new Dialog("o", "sim.main", OrderAction.BUY, "btcusdt.spot.sim", new BigDecimal("60000"), new BigDecimal("0.001"),
        false, false, OrderResp.OPEN, BigDecimal.ZERO, "r", null, true, false, List.of(), 0);
    OrderRules.Shaped fromPaper = shaped(order("o", "buy", "btcusdt.spot.sim", "60000", "0.002", "paper", null));
    assertTrue(OrderRules.checkMarket(fromPaper, Markets.BTC_MKT, last, Optional.of(mainOrder), none).orElseThrow()
        .contains("same account"));
    OrderRules.Shaped sell = shaped(order("o", "sell", "btcusdt.spot.sim", "60000", "0.002", "sim.main", null));
    assertTrue(OrderRules.checkMarket(sell, Markets.BTC_MKT, last, Optional.of(mainOrder), none).orElseThrow()
        .contains("only price and size"));

    RiskLimits risk = new RiskLimits(new BigDecimal("0.5"), new BigDecimal("10000"), new BigDecimal("0.05"));
    OrderRules.Shaped big = shaped(order("o", "buy", "btcusdt.spot.sim", "60000", "0.6", "paper", null));
    assertTrue(OrderRules.checkMarket(big, Markets.BTC_MKT, last, Optional.empty(), risk).orElseThrow()
        .contains("max_order_size"));
    OrderRules.Shaped notional = shaped(order("o", "buy", "btcusdt.spot.sim", "60000", "0.2", "paper", null));
    assertTrue(OrderRules.checkMarket(notional, Markets.BTC_MKT, last, Optional.empty(), risk).orElseThrow()
        .contains("max_notional"));
    OrderRules.Shaped far = shaped(order("o", "buy", "btcusdt.spot.sim", "50000", "0.1", "paper", null));
    assertTrue(OrderRules.checkMarket(far, Markets.BTC_MKT, last, Optional.empty(), risk).orElseThrow()
        .contains("price_band"));
    OrderRules.Shaped fine = shaped(order("o", "buy", "btcusdt.spot.sim", "59000", "0.1", "paper", null));
    assertTrue(OrderRules.checkMarket(fine, Markets.BTC_MKT, last, Optional.empty(), risk).isEmpty());
    OrderRules.Shaped alert = shaped(order("o", "alert", "btcusdt.spot.sim", "10000", "5", "paper", null));
    assertTrue(OrderRules.checkMarket(alert, Markets.BTC_MKT, last, Optional.empty(), risk).isEmpty(),
        "alerts carry no risk");
  }

  @Test
  void aTickCoarserThanItsScaleIsCheckedExactly() {
    // a 0.05 tick counts cents: 100.03 fits the scale and is still off the tick
    MktPair nickels = new MktPair(Markets.BTC, Markets.BTC_MKT.dst(), Markets.BTC_MKT.src(), new BigDecimal("0.05"),
        Markets.BTC_MKT.sizeTick(), BigDecimal.ZERO, "BTCUSDT");
    OrderRules.Shaped offTick = shaped(order("o", "buy", "btcusdt.spot.sim", "100.03", "0.001", "paper", null));
    assertEquals("price 100.03 is not on btcusdt.spot.sim's price tick 0.05",
        OrderRules.checkMarket(offTick, nickels, Scale.NONE, Optional.empty(), RiskLimits.NONE).orElseThrow());
    OrderRules.Shaped onTick = shaped(order("o", "buy", "btcusdt.spot.sim", "100.050", "0.001", "paper", null));
    assertTrue(OrderRules.checkMarket(onTick, nickels, Scale.NONE, Optional.empty(), RiskLimits.NONE).isEmpty());
  }

  @Test
  void aPricePastALongIsCheckedInDecimals() {
    // 10^21 in cents passes a long: the tick and the risk limits still answer, exactly
    OrderRules.Shaped huge = shaped(order("o", "buy", "btcusdt.spot.sim", "1000000000000000000000.01", "0.001",
        "paper", null));
    assertTrue(OrderRules.checkMarket(huge, Markets.BTC_MKT, Scale.NONE, Optional.empty(), RiskLimits.NONE).isEmpty());
    RiskLimits risk = new RiskLimits(null, new BigDecimal("10000"), null);
    assertTrue(OrderRules.checkMarket(huge, Markets.BTC_MKT, Scale.NONE, Optional.empty(), risk).orElseThrow()
        .contains("max_notional"));
    OrderRules.Shaped hugeOff = shaped(order("o", "buy", "btcusdt.spot.sim", "1000000000000000000000.001", "0.001",
        "paper", null));
    assertTrue(OrderRules.checkMarket(hugeOff, Markets.BTC_MKT, Scale.NONE, Optional.empty(), RiskLimits.NONE)
        .orElseThrow().contains("price tick"));
  }
}
