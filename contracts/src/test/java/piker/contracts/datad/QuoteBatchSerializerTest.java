package piker.contracts.datad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import piker.contracts.Payload;
import piker.contracts.daemon.Session;
import piker.contracts.market.Quote;
import piker.contracts.market.Scale;
import piker.contracts.market.TickKind;
import piker.contracts.names.Fqme;

/** A session message with quotes goes as varints, exact both ways; any other goes to Jackson unchanged. */
class QuoteBatchSerializerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Serialization SERIALIZATION = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  private static final Fqme BTC = Fqme.parse("btcusdt.spot.sim");
  private static final Fqme ETH = Fqme.parse("ethusdt.spot.sim");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static QuoteBatchSerializer serializer() {
    return (QuoteBatchSerializer) SERIALIZATION.findSerializerFor(new Session.Message("s", new Payload.Empty()));
  }

  private static Session.Message batch() {
    Quote.Builder btc = new Quote.Builder(BTC, Scale.of(2), Scale.of(5));
    Quote.Builder eth = new Quote.Builder(ETH, Scale.of(2), Scale.of(4));
    return new Session.Message("s-7", new DatadProtocol.QuoteBatch(42, List.of(
        btc.tick(TickKind.TRADE, 6_000_010, 50_000).build(1_764_290_400_123_456_789L, 6_000_010, 6_000_000, 6_000_020),
        eth.tick(TickKind.ASIZE, Scale.NONE, 3).tick(TickKind.BID, -5, Scale.NONE).build(1_764_290_400_000_000_000L,
            Scale.NONE, -5, Scale.NONE),
        btc.build(1_764_290_400_123_456_790L, Scale.NONE, Scale.NONE, Scale.NONE))));
  }

  @Test
  void aQuoteBatchComesBackEqualThroughEitherPath() throws Exception {
    Session.Message sent = batch();
    QuoteBatchSerializer serializer = serializer();
    assertEquals("Q", serializer.manifest(sent));
    Session.Message viaBytes = (Session.Message) serializer.fromBinary(serializer.toBinary(sent), "Q");
    assertEquals(sent, viaBytes);
    ByteBuffer direct = ByteBuffer.allocateDirect(4096); // Artery's buffers are direct
    serializer.toBinary(sent, direct);
    direct.flip();
    Session.Message viaBuffer = (Session.Message) serializer.fromBinary(direct, "Q");
    assertEquals(sent, viaBuffer);
    List<Quote> quotes = ((DatadProtocol.QuoteBatch) viaBuffer.body()).quotes();
    assertSame(quotes.get(0).fqme(), quotes.get(2).fqme(), "one market, one Fqme on the reading side");
    assertEquals("60000.10", quotes.get(0).last().toPlainString());
  }

  @Test
  void theLayoutIsPinned() {
    // golden (version 1): a reader of this release reads exactly these bytes
    assertEquals("01" + "03732d37" + "2a" + "03" // version, session "s-7", seq 42, 3 quotes
            + "00" + "10627463757364742e73706f742e73696d" + "0205" // a new market: its fqme, scales 2 and 5
            + "07" + "aab4ecbfaeb182fc30" + "94b6dc05" + "13" + "28" // last, bid, ask known; time; prices as deltas
            + "01" + "30" + "13" + "a08d06" // one trade with price and size
            + "01" + "10657468757364742e73706f742e73696d" + "0204" + "02" + "a9b4de75" + "09" // eth: a bid only
            + "02" + "2406" + "1100" // an asize without price, a bid without size
            + "00" + "00" + "acb4de75" + "00", // btc again: nothing known, no ticks
        HexFormat.of().formatHex(serializer().toBinary(batch())));
  }

  @Test
  void anyOtherSessionMessageIsJacksonsAsBefore() throws Exception {
    Session.Message text = new Session.Message("s-1", new Payload.Text("hello"));
    QuoteBatchSerializer serializer = serializer();
    String manifest = serializer.manifest(text);
    assertTrue(manifest.startsWith("J"), manifest);
    byte[] bytes = serializer.toBinary(text);
    Payload.Empty probe = new Payload.Empty();
    assertArrayEquals(((org.apache.pekko.serialization.SerializerWithStringManifest) SERIALIZATION
        .findSerializerFor(probe)).toBinary(text), bytes, "the bytes Jackson CBOR writes");
    assertEquals(text, serializer.fromBinary(bytes, manifest));
  }

  @Test
  void aMalformedBatchIsRefused() {
    QuoteBatchSerializer serializer = serializer();
    byte[] bytes = serializer.toBinary(batch());
    assertThrows(IllegalArgumentException.class,
        () -> serializer.fromBinary(java.util.Arrays.copyOf(bytes, bytes.length - 3), "Q"), "cut short");
    byte[] newer = bytes.clone();
    newer[0] = 2;
    assertThrows(IllegalArgumentException.class, () -> serializer.fromBinary(newer, "Q"), "a newer version");
    assertThrows(java.io.NotSerializableException.class, () -> serializer.fromBinary(bytes, "X"));
  }

  @Test
  void everyCutOrFlippedByteIsReadOrRefusedNeverAnotherFailure() {
    QuoteBatchSerializer serializer = serializer();
    byte[] bytes = serializer.toBinary(batch());
    int refused = 0;
    for (int at = 0; at < bytes.length; at++) {
      for (byte value : new byte[] {0, 1, 0x0f, 0x7f, (byte) 0x80, (byte) 0xff}) {
        byte[] hostile = bytes.clone();
        hostile[at] = value;
        refused += readOrRefused(serializer, hostile);
      }
      refused += readOrRefused(serializer, java.util.Arrays.copyOf(bytes, at));
    }
    assertTrue(refused > bytes.length, refused + " refusals: cuts at least are refused");
  }

  /** 1 when refused as malformed, 0 when read; anything else (an index, a null, a huge array) fails the test. */
  private static int readOrRefused(QuoteBatchSerializer serializer, byte[] bytes) {
    try {
      serializer.fromBinary(bytes, "Q");
      return 0;
    } catch (IllegalArgumentException e) {
      return 1;
    } catch (java.io.NotSerializableException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aQuoteOfOneMarketTakesAFewBytes() {
    Quote.Builder market = new Quote.Builder(BTC, Scale.of(2), Scale.of(2));
    List<Quote> quotes = new ArrayList<>();
    for (int i = 0; i < 512; i++) {
      quotes.add(market.tick(TickKind.TRADE, 6_000_010, 50).build(1_764_290_400_000_000_000L + i * 1_000L, 6_000_010,
          6_000_010, 6_000_010));
    }
    byte[] bytes = serializer().toBinary(new Session.Message("s-1", new DatadProtocol.QuoteBatch(1, quotes)));
    assertTrue(bytes.length < 512 * 16, bytes.length / 512.0 + " bytes per quote");
  }
}
