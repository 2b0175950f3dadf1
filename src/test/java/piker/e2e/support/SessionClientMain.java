package piker.e2e.support;

import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.Session;
import piker.pikerd.client.ClientSession;

/**
 * An opener in its own JVM, driven line by line on stdin:
 * {@code open LABEL ENDPOINT COOKIE VERSION TEXT}, {@code send LABEL TEXT}, {@code cancel LABEL}.
 * It prints every session event as one line: {@code LABEL started TEXT SESSION-REF},
 * {@code LABEL message TEXT}, {@code LABEL ended clean}, {@code LABEL ended TYPE MESSAGE},
 * {@code LABEL refused TYPE MESSAGE}.
 */
public final class SessionClientMain {
  public static void main(String[] args) throws IOException {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "piker-client",
        ConfigFactory.load(ConfigFactory.parseResources("client.conf")));
    ActorRefResolver resolver = ActorRefResolver.get(system);
    ActorRef<DaemonProtocol.Command> daemon = resolver.resolveActorRef(args[0]);
    Map<String, ClientSession> sessions = new HashMap<>();
    System.out.println("ready");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] words = line.split(" ", 6);
      String label = words[1];
      switch (words[0]) {
        case "open" -> sessions.put(label, ClientSession.open(system, daemon, words[2],
            new Hello(words[3], Integer.parseInt(words[4])), new Payload.Text(words[5]),
            event -> print(label, event, resolver)));
        case "send" -> sessions.get(label).send(new Payload.Text(words[2]));
        case "cancel" -> sessions.get(label).cancel();
        default -> throw new IllegalArgumentException(line);
      }
    }
    system.terminate();
  }

  private static void print(String label, Session.Event event, ActorRefResolver resolver) {
    String line;
    if (event instanceof Session.Started started) {
      line = "started " + text(started.first()) + " " + resolver.toSerializationFormat(started.session());
    } else if (event instanceof Session.Message message) {
      line = "message " + text(message.body());
    } else if (event instanceof Session.Ended ended) {
      line = ended.clean() ? "ended clean" : "ended " + describe(ended.error());
    } else {
      line = "refused " + describe(((Session.Refused) event).error());
    }
    synchronized (System.out) {
      System.out.println(label + " " + line);
      System.out.flush();
    }
  }

  private static String text(Payload payload) {
    return payload instanceof Payload.Text text ? text.text() : payload.toString();
  }

  private static String describe(RemoteError error) {
    return error.type() + " " + error.message().replace('\n', ' ');
  }
}
