package piker.contracts.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/** Round-trips a message through the serializer its class is bound to, as remoting would. */
public final class WireRoundTrip {
  private WireRoundTrip() {}

  public static Object roundTrip(ActorSystem<?> system, Object message) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    Serializer serializer = serialization.findSerializerFor(message);
    assertTrue(serializer.getClass().getName().contains("Jackson"),
        message.getClass().getName() + " is bound to " + serializer.getClass().getName() + ", not Jackson CBOR");
    byte[] bytes = serialization.serialize(message).get();
    String manifest = Serializers.manifestFor(serializer, message);
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  /** Asserts the message comes back equal. */
  public static void assertRoundTrips(ActorSystem<?> system, Object message) {
    assertEquals(message, roundTrip(system, message), "round trip of " + message.getClass().getName());
  }
}
