package piker.pikerd.runtime;

import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.slf4j.LoggerFactory;
import piker.contracts.daemon.Hello;
import piker.contracts.pikerd.RegistryProtocol;
import piker.contracts.pikerd.ServicesProtocol;

/**
 * Runs a client's first messages through pikerd's serializers once, before pikerd says it is ready: Jackson
 * builds a type's (de)serializers on its first use, which a just-started pikerd otherwise does while its first
 * client waits (docs/benchmarks.md, "Issue 18 — the client agent"). Nothing is sent anywhere.
 */
public final class FirstClientWarmUp {
  private FirstClientWarmUp() {}

  /** Returns how many of the messages went through (all, unless a serializer is broken: then that one's first use says). */
  public static int run(ActorSystem<?> system) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    ActorRef<Object> someone = Adapter.toTyped(system.classicSystem().deadLetters());
    Hello hello = Hello.of("warm-up");
    ServicesProtocol.ServiceInfo info = new ServicesProtocol.ServiceInfo("pikerd", "pikerd",
        system.address().toString(), Instant.now(), 0, List.of("all"), "up");
    List<Object> messages = List.of(hello, new ServicesProtocol.ListServices(hello, someone.narrow()),
        new ServicesProtocol.Listing(List.of(info), null), new ServicesProtocol.GetHealth(hello, someone.narrow()),
        new RegistryProtocol.Find(hello, "emsd", someone.narrow()),
        new RegistryProtocol.Listing(List.of(new RegistryProtocol.Found("emsd", someone.narrow()))));
    int warmed = 0;
    for (Object message : messages) {
      try {
        Serializer serializer = serialization.findSerializerFor(message);
        byte[] bytes = serialization.serialize(message).get();
        serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
        warmed++;
      } catch (RuntimeException e) {
        // a warm-up only: the first client pays for what it could not do
        LoggerFactory.getLogger(FirstClientWarmUp.class).debug("warm-up of {} failed", message.getClass(), e);
      }
    }
    return warmed;
  }
}
