package piker.brokerd.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piker.accounting.Clear;
import piker.contracts.names.Fqme;
import piker.contracts.spi.TradeClient.VenuePosition;

/** The ledger-vs-venue rule: per market where the venue keeps positions, per base asset where it keeps balances. */
class PositionCheckTest {
  private static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  private static Clear buy(String tid, String bsFqme, String size, String fee) {
    return new Clear(tid, Fqme.parse(bsFqme + ".binance"), d(size), d("60000"), d(fee), Instant.EPOCH, "X");
  }

  private static VenuePosition balance(String bsFqme, String size, String asset) {
    return new VenuePosition(bsFqme, d(size), asset);
  }

  @Test
  void perMarketPositionsMustEqualTheLedgerInEveryMarketEitherSideNames() {
    PositionCheck.Verdict agree = PositionCheck.compare(Map.of("solusdt.spot", d("0.3")), List.of(),
        List.of(new VenuePosition("solusdt.spot", d("0.300"))));
    assertTrue(agree.agrees() && agree.notices().isEmpty(), agree.toString());
    PositionCheck.Verdict differ = PositionCheck.compare(Map.of("solusdt.spot", d("0.3")), List.of(),
        List.of(new VenuePosition("btcusdt.spot", d("1"))));
    assertEquals(List.of("btcusdt.spot: ledger 0, venue 1", "solusdt.spot: ledger 0.3, venue 0"), differ.blocking());
  }

  @Test
  void aSpotBalanceHoldingMoreThanTheLedgerIsReportedNeverBlocking() {
    PositionCheck.Verdict verdict = PositionCheck.compare(Map.of("btcusdt.spot", d("0.3")),
        List.of(buy("T-1", "btcusdt.spot", "0.3", "0")), List.of(balance("btcusdt.spot", "5.3", "btc")));
    assertTrue(verdict.agrees(), verdict.toString());
    assertEquals(List.of("btc (btcusdt.spot): the account holds 5.3, the ledger accounts for 0.3; the rest came "
        + "from outside pikerd"), verdict.notices());
    PositionCheck.Verdict none = PositionCheck.compare(Map.of(), List.of(),
        List.of(balance("ethusdt.spot", "0", "eth")));
    assertTrue(none.agrees() && none.notices().isEmpty(), "nothing held, nothing in the ledger: " + none);
  }

  @Test
  void marketsSharingABaseAssetAreComparedTogetherWithItsOneBalance() {
    Map<String, BigDecimal> ledger = Map.of("btcusdt.spot", d("0.3"), "btceur.spot", d("0.2"));
    List<VenuePosition> venue = List.of(balance("btcusdt.spot", "0.5", "btc"), balance("btceur.spot", "0.5", "btc"));
    PositionCheck.Verdict verdict = PositionCheck.compare(ledger, List.of(), venue);
    assertTrue(verdict.agrees() && verdict.notices().isEmpty(), "0.3 + 0.2 is the 0.5 held: " + verdict);
  }

  @Test
  void aShortfallBeyondTheBuysFeesIsReportedNeverBlockingOneWithinThemAgrees() {
    Map<String, BigDecimal> ledger = Map.of("btcusdt.spot", d("0.3"));
    // Binance took 0.1% of each buy in BTC: 0.0002 + 0.0001
    List<Clear> clears = List.of(buy("T-1", "btcusdt.spot", "0.2", "0.0002"), buy("T-2", "btcusdt.spot", "0.1",
        "0.0001"));
    PositionCheck.Verdict withinFees = PositionCheck.compare(ledger, clears,
        List.of(balance("btcusdt.spot", "0.2997", "btc")));
    assertTrue(withinFees.agrees() && withinFees.notices().isEmpty(), withinFees.toString());
    PositionCheck.Verdict spent = PositionCheck.compare(ledger, clears, List.of(balance("btcusdt.spot", "0.2996", "btc")));
    assertTrue(spent.agrees(), "BTC spent on ETHBTC or withdrawn stops nothing: " + spent);
    assertEquals(List.of("btc (btcusdt.spot): the account holds 0.2996, less than the ledger's 0.3; spent as another"
        + " market's quote, paid as fees or moved outside pikerd, or a sale the ledger misses"), spent.notices());
  }

  @Test
  void aFeeCountsAsTakenFromTheAssetBoughtOnlyUpToOnePercentOfTheBuy() {
    // a fee of 60 (quote units, as another venue may charge it) explains at most 0.003 of a 0.3 buy
    List<Clear> clears = List.of(buy("T-1", "btcusdt.spot", "0.3", "60"), new Clear("T-2",
        Fqme.parse("btcusdt.spot.binance"), d("-0.1"), d("60000"), d("6"), Instant.EPOCH, "X"));
    assertEquals(0, d("0.003").compareTo(PositionCheck.buyFees(clears, java.util.Set.of("btcusdt.spot"))),
        "sells' fees are not taken from the asset bought");
    Map<String, BigDecimal> ledger = Map.of("btcusdt.spot", d("0.2"));
    assertTrue(PositionCheck.compare(ledger, clears, List.of(balance("btcusdt.spot", "0.197", "btc"))).notices()
        .isEmpty());
    assertEquals(1, PositionCheck.compare(ledger, clears, List.of(balance("btcusdt.spot", "0.1969", "btc")))
        .notices().size());
  }
}
