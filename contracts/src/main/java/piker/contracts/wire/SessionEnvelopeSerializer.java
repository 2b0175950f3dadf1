package piker.contracts.wire;

import java.io.NotSerializableException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.Serializers;
import piker.contracts.Payload;
import piker.contracts.daemon.Session;

/**
 * The wire form of the two session envelopes every streamed value rides in ({@link Session.Message}
 * daemon → opener, {@link Session.Send} opener → daemon): the session id, then the payload serialized
 * by whatever serializer its own class is bound to. Under Jackson the payload was part of the
 * envelope's tree; nested like this, a hot payload (a quote batch) can have a compact serializer of its
 * own while every other payload stays Jackson CBOR, and the payload's class is still only ever one the
 * bindings allow (Pekko refuses to read a manifest no binding covers).
 *
 * <p>Layout: a format byte, the session id (length-prefixed UTF-8; Send has none), the payload's
 * serializer id (int), its manifest (length-prefixed UTF-8), then the payload's bytes to the end.
 */
public final class SessionEnvelopeSerializer extends SerializerWithStringManifest {
  /** Outside Pekko's reserved 0–40; unique among this project's serializers. */
  public static final int ID = 611_601;
  static final String MESSAGE = "M";
  static final String SEND = "S";
  private static final byte FORMAT = 1;
  /** A session id or manifest longer than this is not ours: refused before allocating for it. */
  private static final int MAX_TEXT = 1024;

  private final ExtendedActorSystem system;
  private volatile Serialization serialization;

  public SessionEnvelopeSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return ID;
  }

  @Override
  public String manifest(Object message) {
    if (message instanceof Session.Message) {
      return MESSAGE;
    }
    if (message instanceof Session.Send) {
      return SEND;
    }
    throw new IllegalArgumentException("not a session envelope: " + message.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object message) {
    String sessionId;
    Payload body;
    if (message instanceof Session.Message m) {
      sessionId = m.sessionId();
      body = m.body();
    } else if (message instanceof Session.Send s) {
      sessionId = null;
      body = s.body();
    } else {
      throw new IllegalArgumentException("not a session envelope: " + message.getClass().getName());
    }
    Serializer inner = serialization().findSerializerFor(body);
    byte[] manifest = Serializers.manifestFor(inner, body).getBytes(StandardCharsets.UTF_8);
    byte[] bytes = inner.toBinary(body);
    byte[] id = sessionId == null ? new byte[0] : sessionId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(1 + (sessionId == null ? 0 : 4 + id.length) + 4 + 4 + manifest.length
        + bytes.length);
    out.put(FORMAT);
    if (sessionId != null) {
      out.putInt(id.length).put(id);
    }
    out.putInt(inner.identifier()).putInt(manifest.length).put(manifest).put(bytes);
    return out.array();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    boolean message = MESSAGE.equals(manifest);
    if (!message && !SEND.equals(manifest)) {
      throw new NotSerializableException("unknown session envelope manifest '" + cut(manifest) + "'");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte format = in.get();
      if (format != FORMAT) {
        throw new NotSerializableException("session envelope format " + format + ", this build reads " + FORMAT);
      }
      String sessionId = message ? text(in) : null;
      int serializerId = in.getInt();
      String innerManifest = text(in);
      byte[] body = new byte[in.remaining()];
      in.get(body);
      Object payload = serialization().deserialize(body, serializerId, innerManifest).get();
      if (!(payload instanceof Payload p)) {
        throw new NotSerializableException("a session envelope carried a " + payload.getClass().getName()
            + ", not a payload");
      }
      return message ? new Session.Message(sessionId, p) : new Session.Send(p);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw refused("a truncated or malformed session envelope: " + e.getMessage(), e);
    } catch (NotSerializableException e) {
      throw e;
    } catch (Exception e) {
      // the payload's own serializer refused it (a class no binding allows, a bad tree): say why
      throw refused("a session envelope's payload could not be read: " + e.getMessage(), e);
    }
  }

  private static String text(ByteBuffer in) throws NotSerializableException {
    int length = in.getInt();
    if (length < 0 || length > MAX_TEXT || length > in.remaining()) {
      throw new NotSerializableException("a session envelope field of " + length + " bytes");
    }
    String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }

  private static NotSerializableException refused(String why, Exception cause) {
    NotSerializableException refused = new NotSerializableException(why);
    refused.initCause(cause);
    return refused;
  }

  private static String cut(String text) {
    return text == null || text.length() <= 40 ? String.valueOf(text) : text.substring(0, 40) + "…";
  }

  private Serialization serialization() {
    Serialization s = serialization;
    if (s == null) {
      // the extension is not ready while serializers are being constructed: look it up on first use
      s = SerializationExtension.get(system);
      serialization = s;
    }
    return s;
  }
}
