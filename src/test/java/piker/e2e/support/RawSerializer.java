package piker.e2e.support;

import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Stands in for Pekko's jackson-cbor serializer (the same identifier, 33) in a hostile client JVM: it writes a
 * {@link RawMessage}'s bytes and manifest as they are, so pikerd's own deserializer meets exactly what a peer
 * that skips the client library could send.
 */
public final class RawSerializer extends SerializerWithStringManifest {
  @Override
  public int identifier() {
    return 33;
  }

  @Override
  public String manifest(Object message) {
    return ((RawMessage) message).manifest();
  }

  @Override
  public byte[] toBinary(Object message) {
    return ((RawMessage) message).bytes();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) {
    throw new UnsupportedOperationException("a hostile sender receives nothing it must read");
  }
}
