package piker.backends.sim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import piker.backends.sim.venue.VenueJson;
import piker.contracts.market.Quote;

/** A venue event that carries several walk steps becomes a quote per step, each at its own venue time. */
class SimQuotesTest {
  private final VenueJson json = new VenueJson();

  @Test
  void anEventOfSeveralInstantsBecomesAQuotePerInstant() {
    List<Quote> quotes = SimDataClient.toQuotes(json.parse("""
        {"event":"ticks","market":"btcusdt.spot","time_ns":200,"last":"101","bid":"100.9","ask":"101.1","ticks":[
          {"type":"trade","price":"100","size":"1","time_ns":100},
          {"type":"bid","price":"99.9","size":"2","time_ns":100},
          {"type":"ask","price":"100.1","size":"3","time_ns":100},
          {"type":"trade","price":"101","size":"4","time_ns":200},
          {"type":"bid","price":"100.9","size":"5","time_ns":200},
          {"type":"ask","price":"101.1","size":"6","time_ns":200}]}
        """));
    assertEquals(List.of(100L, 200L), quotes.stream().map(Quote::timeNs).toList(), "each trade at its own time");
    assertEquals(new BigDecimal("100"), quotes.get(0).last());
    assertEquals(new BigDecimal("99.9"), quotes.get(0).bid());
    assertEquals(3, quotes.get(0).ticks().size());
    assertEquals(new BigDecimal("101"), quotes.get(1).last(), "the last quote carries the event's book");
  }

  @Test
  void anEventOfOneInstantStaysOneQuote() {
    List<Quote> quotes = SimDataClient.toQuotes(json.parse("""
        {"event":"ticks","market":"btcusdt.spot","time_ns":300,"last":"150","bid":"149","ask":"151","ticks":[
          {"type":"trade","price":"150","size":"2","time_ns":300}]}
        """));
    assertEquals(1, quotes.size());
    assertEquals(300L, quotes.get(0).timeNs());
    assertEquals(new BigDecimal("149"), quotes.get(0).bid());
  }
}
