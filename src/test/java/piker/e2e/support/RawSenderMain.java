package piker.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.pattern.Patterns;

/**
 * A hostile client JVM: no client library, no cookie, a serializer that sends bytes as they are. Reads one
 * case a line on stdin (remote/messages.jsonl's shape), sends it to pikerd at args[0], then an Identify to
 * /user/services on the same connection, and prints {@code answered CASE} once pikerd has answered that (so
 * it has read the case before it) or {@code silent CASE} when it did not within args[1] seconds (10 if not
 * given).
 */
public final class RawSenderMain {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RawSenderMain() {}

  public static void main(String[] args) throws Exception {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = remote
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.canonical.port = 0
        pekko.remote.artery.advanced.maximum-frame-size = 4 MiB
        pekko.remote.use-unsafe-remote-features-outside-cluster = on
        pekko.remote.warn-about-direct-use = off
        pekko.loglevel = WARNING
        pekko.actor.serializers.jackson-cbor = "piker.e2e.support.RawSerializer"
        pekko.actor.serialization-bindings { "piker.e2e.support.RawMessage" = jackson-cbor }
        """).withFallback(ConfigFactory.load());
    ActorSystem system = ActorSystem.create("hostile", config);
    String pikerd = "pekko://piker@" + args[0];
    Duration silence = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    int asked = 0;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode spec = JSON.readTree(line);
      String name = spec.get("case").asText();
      RawMessage message = new RawMessage(spec.get("manifest").asText(), bytes(spec));
      system.actorSelection(pikerd + spec.get("to").asText()).tell(message, ActorRef.noSender());
      ActorSelection services = system.actorSelection(pikerd + "/user/services");
      boolean answered;
      try {
        Object reply = Patterns.ask(services, new Identify(++asked), silence).toCompletableFuture()
            .get(silence.toSeconds() + 1, TimeUnit.SECONDS);
        answered = reply instanceof ActorIdentity identity && identity.getActorRef().isPresent();
      } catch (Exception e) {
        answered = false;
      }
      System.out.println((answered ? "answered " : "silent ") + name);
      System.out.flush();
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static byte[] bytes(JsonNode spec) throws Exception {
    if (spec.has("hex")) {
      return HexFormat.of().parseHex(spec.get("hex").asText());
    }
    if (spec.has("nest")) {
      // CBOR: an indefinite-length array is 0x9f; nested N deep, never closed
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < spec.get("nest").asInt(); i++) {
        out.write(0x9f);
      }
      return out.toByteArray();
    }
    if (spec.has("string")) {
      String big = "x".repeat(spec.get("string").asInt());
      return new CBORMapper().writeValueAsBytes(JSON.createObjectNode().put("hello", big).put("name", big));
    }
    return new CBORMapper().writeValueAsBytes(spec.get("cbor"));
  }
}
