package piker.contracts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import scala.util.Try;

/** Round-trips a message through the serializer its class is bound to, as remoting would. */
public final class WireRoundTrip {
  private WireRoundTrip() {}

  public static Object roundTrip(ActorSystem<?> system, Object message) {
    return read(system, bytes(system, message), message).get();
  }

  /**
   * The message's bytes on the wire; asserts they are Jackson CBOR's, or (a session message) those of
   * {@code QuoteBatchSerializer}, which hands every body but a quote batch to Jackson CBOR.
   */
  public static byte[] bytes(ActorSystem<?> system, Object message) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    Serializer serializer = serialization.findSerializerFor(message);
    assertTrue(serializer.getClass().getName().contains("Jackson")
            || serializer.getClass().getName().equals("piker.contracts.datad.QuoteBatchSerializer"),
        message.getClass().getName() + " is bound to " + serializer.getClass().getName() + ", not Jackson CBOR");
    return serialization.serialize(message).get();
  }

  /** Reads wire bytes as a message of {@code like}'s class would be read: the message, or why it cannot be. */
  public static Try<Object> read(ActorSystem<?> system, byte[] bytes, Object like) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    Serializer serializer = serialization.findSerializerFor(like);
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, like));
  }

  /** Asserts the message comes back equal. */
  public static void assertRoundTrips(ActorSystem<?> system, Object message) {
    assertEquals(message, roundTrip(system, message), "round trip of " + message.getClass().getName());
  }
}
