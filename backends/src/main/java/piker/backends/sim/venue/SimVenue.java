package piker.backends.sim.venue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The sim venue: a small exchange on a loopback websocket ({@code ws://HOST:PORT/ws}), in an
 * ActorSystem of its own so it is as separate from pikerd as a real exchange would be.
 */
public final class SimVenue implements AutoCloseable {
  /** Per connection: a slow reader may fall this many frames behind before it is dropped. */
  static final int OUTBOUND_BUFFER = 20_000;
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<VenueEngine.Command> system;
  private final ServerBinding binding;
  private final Path addressFile;

  private SimVenue(ActorSystem<VenueEngine.Command> system, ServerBinding binding, Path addressFile) {
    this.system = system;
    this.binding = binding;
    this.addressFile = addressFile;
  }

  /**
   * Starts a venue and waits until it listens. When {@code announce} is set it writes its address to
   * {@code <dir>/venue.address}, where clients without a configured venue look for pikerd's embedded one.
   */
  public static SimVenue start(VenueSettings settings, boolean announce) {
    try {
      Files.createDirectories(settings.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + settings.dir(), e);
    }
    ActorSystem<VenueEngine.Command> system = ActorSystem.create(
        VenueEngine.create(settings, SimCatalog.standard()), "sim-venue",
        ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING\n"
            + "pekko.actor.serialize-messages = off")
            .withFallback(ConfigFactory.defaultReference()));
    try {
      AtomicLong connections = new AtomicLong();
      Route route = Directives.path("ws", () -> Directives.handleWebSocketMessages(
          Flow.fromMaterializer((materializer, attributes) -> connection(system, connections.incrementAndGet()))
              .mapMaterializedValue(ignored -> NotUsed.getInstance())));
      ServerBinding binding = Http.get(system).newServerAt(settings.host(), settings.port()).bind(route)
          .toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Path addressFile = settings.dir().resolve("venue.address");
      SimVenue venue = new SimVenue(system, binding, addressFile);
      if (announce) {
        Path tmp = settings.dir().resolve(".venue.address.tmp");
        Files.writeString(tmp, venue.address() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, addressFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return venue;
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("the sim venue could not listen on " + settings.host() + ":" + settings.port()
          + ": " + rootMessage(e), e);
    }
  }

  private static Flow<Message, Message, NotUsed> connection(ActorSystem<VenueEngine.Command> system, long id) {
    ActorRef<VenueEngine.Command> engine = system;
    Pair<BoundedSourceQueue<String>, Source<String, NotUsed>> out =
        Source.<String>queue(OUTBOUND_BUFFER).preMaterialize(system);
    engine.tell(new VenueEngine.Connected(id, out.first()));
    Sink<Message, NotUsed> in = Flow.<Message>create()
        .mapAsync(1, message -> message.isText()
            ? message.asTextMessage().toStrict(5_000, org.apache.pekko.stream.Materializer.matFromSystem(system)).thenApply(TextMessage::getStrictText)
            : CompletableFuture.completedFuture(""))
        .filter(text -> !text.isEmpty())
        .watchTermination((notUsed, done) -> {
          done.whenComplete((ok, error) -> engine.tell(new VenueEngine.Disconnected(id)));
          return NotUsed.getInstance();
        })
        .to(Sink.foreach(text -> engine.tell(new VenueEngine.Inbound(id, text))));
    return Flow.fromSinkAndSourceCoupled(in, out.second().map(text -> (Message) TextMessage.create(text)));
  }

  /** HOST:PORT it listens on. */
  public String address() {
    return binding.localAddress().getHostString() + ":" + binding.localAddress().getPort();
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(addressFile);
    } catch (IOException e) {
      // a stale address file only makes `piker sim push` report that no venue answers
    }
    binding.unbind();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // its threads are daemons; the JVM does not wait for them
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
