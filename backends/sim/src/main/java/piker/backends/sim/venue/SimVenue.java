package piker.backends.sim.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.TLSProtocol.SessionBytes;
import org.apache.pekko.stream.TLSProtocol.SslTlsInbound;
import org.apache.pekko.stream.TLSProtocol.SslTlsOutbound;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The sim venue: a small exchange on a loopback websocket ({@code ws://HOST:PORT/ws}), in an
 * ActorSystem of its own so it is as separate from pikerd as a real exchange would be. Under Pekko
 * HTTP each connection passes a {@link KeepaliveStage} (pings, and a drop for want of pongs, as Binance
 * does) and an idle timeout set from {@link VenueKeepalive} rather than Pekko HTTP's default.
 */
public final class SimVenue implements AutoCloseable {
  /** Per connection: a slow reader may fall this many frames behind before it is dropped. */
  static final int OUTBOUND_BUFFER = 20_000;
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<VenueEngine.Command> system;
  private final Tcp.ServerBinding binding;
  private final Path addressFile;
  private final VenueFaults faults;

  private SimVenue(ActorSystem<VenueEngine.Command> system, Tcp.ServerBinding binding, Path addressFile,
                   VenueFaults faults) {
    this.system = system;
    this.binding = binding;
    this.addressFile = addressFile;
    this.faults = faults;
  }

  /** Starts a venue with the keepalive configured in this JVM; see {@link #start(VenueSettings, boolean, VenueKeepalive)}. */
  public static SimVenue start(VenueSettings settings, boolean announce) {
    return start(settings, announce, VenueKeepalive.configured());
  }

  /**
   * Starts a venue and waits until it listens. When {@code announce} is set it writes its address to
   * {@code <dir>/venue.address}, where clients without a configured venue look for pikerd's embedded one.
   *
   * @throws IllegalStateException when it cannot listen, its exchange log is damaged (naming the file and
   *                               line), or the calling thread is interrupted (its interrupt flag kept)
   */
  public static SimVenue start(VenueSettings settings, boolean announce, VenueKeepalive keepalive) {
    if (Thread.currentThread().isInterrupted()) {
      throw new IllegalStateException("interrupted before the sim venue started on " + settings.host() + ":"
          + settings.port());
    }
    try {
      Files.createDirectories(settings.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + settings.dir(), e);
    }
    // opened here, not in the engine, so a damaged log refuses the start instead of killing the venue later
    ExchangeLog exchangeLog = new ExchangeLog(settings.dir(), new VenueJson());
    ActorSystem<VenueEngine.Command> system;
    VenueFaults faults = new VenueFaults();
    try {
      system = ActorSystem.create(
          VenueEngine.create(settings, SimCatalog.standard(settings.markets()), exchangeLog, faults), "sim-venue",
          ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING\n"
              + "pekko.actor.serialize-messages = off")
              .withFallback(ConfigFactory.defaultReference()));
    } catch (RuntimeException e) {
      exchangeLog.close(); // the engine that would have closed it never started
      throw e;
    }
    try {
      AtomicLong connections = new AtomicLong();
      Route route = Directives.path("ws", () -> Directives.handleWebSocketMessages(
          Flow.fromMaterializer((materializer, attributes) -> connection(system, connections.incrementAndGet()))
              .mapMaterializedValue(ignored -> NotUsed.getInstance())));
      Flow<HttpRequest, HttpResponse, NotUsed> handler = route.flow(system);
      Materializer materializer = Materializer.matFromSystem(system);
      ServerSettings serverSettings = ServerSettings.create(system.settings().config());
      Tcp.ServerBinding binding = Tcp.get(system).bind(settings.host(), settings.port())
          .to(Sink.foreach(incoming -> incoming.handleWith(
              transport(system, serverSettings, keepalive, incoming.remoteAddress()).join(handler), materializer)))
          .run(materializer)
          .toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Path addressFile = settings.dir().resolve("venue.address");
      SimVenue venue = new SimVenue(system, binding, addressFile, faults);
      if (announce) {
        Path tmp = settings.dir().resolve(".venue.address.tmp");
        Files.writeString(tmp, venue.address() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, addressFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return venue;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      system.terminate();
      throw new IllegalStateException("interrupted while the sim venue was starting on " + settings.host() + ":"
          + settings.port(), e);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("the sim venue could not listen on " + settings.host() + ":" + settings.port()
          + ": " + rootMessage(e), e);
    }
  }

  /**
   * HTTP over one TCP connection, bottom up: an idle timeout (no bytes either way), the keepalive, plain
   * bytes (no TLS on loopback), Pekko HTTP's server layer; as a flow from requests to answers' bytes.
   */
  private static BidiFlow<ByteString, HttpRequest, HttpResponse, ByteString, NotUsed> transport(
      ActorSystem<?> system, ServerSettings serverSettings, VenueKeepalive keepalive, InetSocketAddress peer) {
    BidiFlow<SslTlsOutbound, SslTlsOutbound, SessionBytes, SslTlsInbound, NotUsed> plainSession =
        BidiFlow.fromFunctions(outbound -> outbound, inbound -> inbound);
    return Http.get(system).serverLayer(serverSettings, Optional.of(peer))
        .atop(plainSession)
        .atop(TLSPlacebo.getInstance())
        .atop(BidiFlow.fromGraph(new KeepaliveStage(keepalive, peer)))
        .atop(BidiFlow.<ByteString, ByteString>bidirectionalIdleTimeout(keepalive.idleTimeout()))
        .reversed();
  }

  private static Flow<Message, Message, NotUsed> connection(ActorSystem<VenueEngine.Command> system, long id) {
    ActorRef<VenueEngine.Command> engine = system;
    Pair<BoundedSourceQueue<String>, Source<String, NotUsed>> out =
        Source.<String>queue(OUTBOUND_BUFFER).preMaterialize(system);
    engine.tell(new VenueEngine.Connected(id, out.first()));
    Sink<Message, NotUsed> in = Flow.<Message>create()
        .mapAsync(1, message -> message.isText()
            ? message.asTextMessage().toStrict(5_000, Materializer.matFromSystem(system)).thenApply(TextMessage::getStrictText)
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

  // ---- for tests: what a protocol fake lets its driver do (see backends/testkit's VenueDriver)

  /** Puts a tick on the market as {@code piker sim push} does, but from this side: no client request. */
  public CompletableFuture<JsonNode> push(String market, String type, BigDecimal price, BigDecimal size) {
    ObjectNode request = new VenueJson().object().put("op", "push").put("market", market).put("type", type)
        .put("price", VenueJson.plain(price)).put("size", VenueJson.plain(size));
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    system.tell(new VenueEngine.Push(request, reply));
    return reply;
  }

  /** Refuses the next client request with this error type and message. */
  public void failNextRequest(String type, String message) {
    faults.failNext(type, message);
  }

  /**
   * Refuses the next client request as rate-limited ({@code RateLimited}, with {@code retry_after_ms}) and
   * records from then on when requests arrive.
   */
  public void rateLimitNextRequest(Duration retryAfter) {
    faults.rateLimitNext(retryAfter);
  }

  /** When requests arrived (venue clock) since the last {@link #rateLimitNextRequest}, oldest first. */
  public List<Instant> requestArrivals() {
    return faults.arrivals();
  }

  /** Drops every client connection; completes with how many there were. */
  public CompletableFuture<Integer> dropConnections() {
    CompletableFuture<Integer> reply = new CompletableFuture<>();
    system.tell(new VenueEngine.DropAll(reply));
    return reply;
  }

  /** Stops the venue and waits (a bounded while) for it; an interrupt ends the wait and stays set. */
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
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
