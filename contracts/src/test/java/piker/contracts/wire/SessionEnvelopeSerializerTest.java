package piker.contracts.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.NotSerializableException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import piker.contracts.Payload;
import piker.contracts.daemon.Session;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.names.Fqme;
import piker.contracts.testkit.WireRoundTrip;
import scala.util.Try;

class SessionEnvelopeSerializerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Serialization serialization() {
    return SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @Test
  void envelopesAreBoundHereAndTheirPayloadsComeBackEqual() {
    assertInstanceOf(SessionEnvelopeSerializer.class,
        serialization().findSerializerFor(new Session.Message("s", new Payload.Empty())));
    List<Object> samples = List.of(
        new Session.Message("s-1", new Payload.Text("héllo")),
        new Session.Message("", new Payload.Empty()),
        new Session.Message("s-2", new DatadProtocol.BackfillProgress(Fqme.parse("btcusdt.spot.sim"), 60, 10, 20)),
        new Session.Send(new Payload.Text("in")),
        new Session.Send(new DatadProtocol.Credit(4)));
    for (Object sample : samples) {
      WireRoundTrip.assertRoundTrips(testKit.system(), sample);
    }
  }

  @Test
  void truncatedOrForeignBytesAreRefusedNeverMisread() {
    byte[] good = serialization().serialize(new Session.Message("s-1", new Payload.Text("x"))).get();
    for (int cut = 0; cut < good.length - 1; cut++) {
      assertRefused(read(Arrays.copyOf(good, cut), SessionEnvelopeSerializer.MESSAGE), "cut at " + cut);
    }
    byte[] wrongFormat = good.clone();
    wrongFormat[0] = 9;
    assertRefused(read(wrongFormat, SessionEnvelopeSerializer.MESSAGE), "format");
    assertRefused(read(good, "Q"), "manifest");
  }

  @Test
  void aPayloadOfAClassNoBindingAllowsIsRefused() {
    int jackson = serialization().findSerializerFor(new Payload.Empty()).identifier();
    assertRefused(read(envelope(jackson, "java.lang.ProcessBuilder", "{}".getBytes(StandardCharsets.UTF_8)),
        SessionEnvelopeSerializer.SEND), "a class outside the bindings");
    assertRefused(read(envelope(1, "", new byte[] {(byte) 0xAC, (byte) 0xED}), SessionEnvelopeSerializer.SEND),
        "java serialization is off");
    byte[] notAPayload = serialization().serialize(new piker.contracts.RemoteError("t", "m", "s", null)).get();
    assertRefused(read(envelope(jackson, piker.contracts.RemoteError.class.getName(), notAPayload),
        SessionEnvelopeSerializer.SEND), "a wire record that is not a payload");
  }

  @Test
  void anOversizedLengthIsRefusedBeforeAnyAllocation() {
    ByteBuffer hostile = ByteBuffer.allocate(9).put((byte) 1).putInt(Integer.MAX_VALUE).putInt(0);
    assertRefused(read(hostile.array(), SessionEnvelopeSerializer.MESSAGE), "huge session id");
  }

  @Test
  void decimalsInANestedPayloadStayExact() {
    Session.Send send = new Session.Send(new Payload.Text(new BigDecimal("0.30000000000000004").toPlainString()));
    assertEquals(send, WireRoundTrip.roundTrip(testKit.system(), send));
  }

  private static byte[] envelope(int serializerId, String manifest, byte[] body) {
    byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 4 + 4 + m.length + body.length).put((byte) 1).putInt(serializerId)
        .putInt(m.length).put(m).put(body).array();
  }

  private static Try<Object> read(byte[] bytes, String manifest) {
    return serialization().deserialize(bytes, SessionEnvelopeSerializer.ID, manifest);
  }

  private static void assertRefused(Try<Object> read, String what) {
    assertTrue(read.isFailure(), what + ": read as " + (read.isSuccess() ? read.get() : null));
    assertInstanceOf(NotSerializableException.class, read.failed().get(), what);
  }
}
