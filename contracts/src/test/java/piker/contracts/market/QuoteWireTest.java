package piker.contracts.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.names.Fqme;
import piker.contracts.testkit.WireRoundTrip;
import scala.util.Try;

/** A quote's wire form: integers only, exact both ways, malformed ones refused. */
class QuoteWireTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final CBORMapper CBOR = new CBORMapper();
  private static final Fqme BTC = Fqme.parse("btcusdt.spot.sim");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Quote sample() {
    return new Quote.Builder(BTC, Scale.of(2), Scale.of(5))
        .tick(TickKind.TRADE, 6_000_010, 30_000)
        .tick(TickKind.ASIZE, Scale.NONE, 125_000)
        .build(1_764_290_400_123_456_789L, 6_000_010, 6_000_000, Scale.NONE);
  }

  @Test
  void aQuoteIsOneArrayOfIntegersOnTheWire() throws IOException {
    DatadProtocol.QuoteBatch batch = new DatadProtocol.QuoteBatch(7, List.of(sample()));
    ObjectNode tree = (ObjectNode) CBOR.readTree(WireRoundTrip.bytes(testKit.system(), batch));
    // golden: the form another JVM of this release reads
    assertEquals("[[\"btcusdt.spot.sim\",1764290400123456789,2,5,6000010,6000000,null,0,6000010,30000,4,null,"
        + "125000]]", tree.get("quotes").toString());
  }

  @Test
  void aQuoteComesBackEqualAndExact() {
    Quote sample = sample();
    DatadProtocol.QuoteBatch back = (DatadProtocol.QuoteBatch) WireRoundTrip.roundTrip(testKit.system(),
        new DatadProtocol.QuoteBatch(1, List.of(sample, Quote.of(BTC, 2L, Scale.of(2), Scale.of(5), Scale.NONE,
            Scale.NONE, Scale.NONE))));
    assertEquals(sample, back.quotes().get(0));
    assertEquals("60000.10", back.quotes().get(0).last().toPlainString());
    assertEquals(new BigDecimal("1.25000"), back.quotes().get(0).ticks().get(1).size());
    assertEquals(0, back.quotes().get(1).tickCount());
    assertSame(back.quotes().get(0).fqme(), back.quotes().get(1).fqme(), "one market, one Fqme on the reading side");
  }

  @Test
  void aMalformedQuoteIsRefused() throws IOException {
    assertRefused("[\"btcusdt.spot.sim\",1,2,5,null,null,null,0,100]", "threes");
    assertRefused("[\"btcusdt.spot.sim\",1,2,5,null,null,null,9,100,1]", "kind");
    assertRefused("[\"btcusdt.spot.sim\",1,2,5,null,null,null,null,100,1]", "whole number");
    assertRefused("[\"btcusdt.spot.sim\",1,19,5,null,null,null]", "scale");
    assertRefused("[\"btcusdt.spot.sim\",1,2,5,1.5,null,null]", "whole number");
  }

  private static void assertRefused(String quoteJson, String why) throws IOException {
    ObjectNode tree = (ObjectNode) CBOR.readTree(WireRoundTrip.bytes(testKit.system(),
        new DatadProtocol.QuoteBatch(1, List.of(sample()))));
    tree.set("quotes", CBOR.createArrayNode().add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(quoteJson)));
    Try<Object> read = WireRoundTrip.read(testKit.system(), CBOR.writeValueAsBytes(tree),
        new DatadProtocol.QuoteBatch(1, List.of()));
    assertTrue(read.isFailure(), quoteJson + " read as " + (read.isSuccess() ? read.get() : null));
    StringBuilder messages = new StringBuilder();
    for (Throwable cause = read.failed().get(); cause != null; cause = cause.getCause()) {
      messages.append(cause.getMessage()).append(" / ");
    }
    assertTrue(messages.toString().contains(why), messages.toString());
  }
}
