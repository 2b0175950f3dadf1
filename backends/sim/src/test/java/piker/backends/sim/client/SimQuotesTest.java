package piker.backends.sim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.backends.sim.venue.VenueJson;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.Tick;
import piker.contracts.market.TickKind;
import piker.contracts.names.Fqme;

/** Venue events become quotes in the market's scales: a quote per venue instant, off-scale ticks dropped. */
class SimQuotesTest {
  private final VenueJson json = new VenueJson();
  /** A market with a 0.1 price tick and whole-number sizes. */
  private final Quote.Builder market = new Quote.Builder(Fqme.parse("btcusdt.spot.sim"), Scale.of(1), Scale.of(0));

  @Test
  void anEventOfSeveralInstantsBecomesAQuotePerInstant() {
    List<Quote> quotes = SimQuotes.toQuotes(json.parse("""
        {"event":"ticks","market":"btcusdt.spot","time_ns":200,"last":"101","bid":"100.9","ask":"101.1","ticks":[
          {"type":"trade","price":"100","size":"1","time_ns":100},
          {"type":"bid","price":"99.9","size":"2","time_ns":100},
          {"type":"ask","price":"100.1","size":"3","time_ns":100},
          {"type":"trade","price":"101","size":"4","time_ns":200},
          {"type":"bid","price":"100.9","size":"5","time_ns":200},
          {"type":"ask","price":"101.1","size":"6","time_ns":200}]}
        """), market);
    assertEquals(List.of(100L, 200L), quotes.stream().map(Quote::timeNs).toList(), "each trade at its own time");
    assertEquals(1000L, quotes.get(0).lastUnits());
    assertEquals(999L, quotes.get(0).bidUnits());
    assertEquals(3, quotes.get(0).tickCount());
    assertEquals(new BigDecimal("101.0"), quotes.get(1).last(), "the last quote carries the event's book");
    assertEquals(TickKind.ASK, quotes.get(1).tickKind(2));
    assertEquals(6L, quotes.get(1).tickSize(2));
  }

  @Test
  void anEventOfOneInstantStaysOneQuote() {
    List<Quote> quotes = SimQuotes.toQuotes(json.parse("""
        {"event":"ticks","market":"btcusdt.spot","time_ns":300,"last":"150","bid":"149","ask":"151","ticks":[
          {"type":"trade","price":"150","size":"2","time_ns":300}]}
        """), market);
    assertEquals(1, quotes.size());
    assertEquals(300L, quotes.get(0).timeNs());
    assertEquals(new BigDecimal("149.0"), quotes.get(0).bid());
  }

  @Test
  void aTickOffTheMarketsScaleIsDroppedNotRounded() {
    List<Quote> quotes = SimQuotes.toQuotes(json.parse("""
        {"event":"ticks","market":"btcusdt.spot","time_ns":300,"last":"150.05","bid":"149","ask":"151","ticks":[
          {"type":"trade","price":"150.05","size":"2"},
          {"type":"bid","price":"149","size":"0.5"},
          {"type":"ask","price":"151","size":"7"}]}
        """), market);
    assertEquals(List.of(new Tick("ask", new BigDecimal("151.0"), new BigDecimal("7"))), quotes.get(0).ticks());
    assertEquals(Scale.NONE, quotes.get(0).lastUnits(), "an off-scale last is unknown, not rounded");
  }
}
