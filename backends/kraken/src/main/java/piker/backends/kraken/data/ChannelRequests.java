package piker.backends.kraken.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import piker.backends.kraken.rest.Envelope;
import piker.backends.kraken.rest.KrakenErrors;
import piker.backends.kraken.rest.KrakenRest;
import piker.backends.wire.WsLink;
import piker.contracts.RemoteError;

/**
 * A public link's subscribe and unsubscribe requests (docs/venues/kraken.md 8): one per channel for a batch of
 * symbols, each with its {@code req_id}, awaited until Kraken has answered every symbol of it (a refusal names
 * its symbol, so the others stand) or timed out. Shared by the links of one {@link PublicStream}, whose
 * acknowledgements it is handed.
 */
final class ChannelRequests {
  /** Symbols in one subscribe (ours: the docs name no limit; a list is accepted). */
  static final int SYMBOLS_PER_MESSAGE = 50;
  static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

  private final ScheduledExecutorService timers;
  private final AtomicLong reqIds = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

  ChannelRequests(ScheduledExecutorService timers) {
    this.timers = timers;
  }

  /** A request of one channel awaiting one acknowledgement per symbol, and the symbols refused so far. */
  private record Pending(String channel, CompletableFuture<List<Refusal>> done, AtomicInteger left,
                         List<Refusal> refused) {}

  /** Kraken refused one symbol of a channel's request ({@code success: false} naming the symbol). */
  record Refusal(String channel, String symbol, String error) {}


  /**
   * {@code method} for both channels, in batches; completes with the symbols Kraken refused (none when it took
   * every one) once each is answered, and fails when a request goes unanswered or is refused whole.
   */
  CompletableFuture<List<Refusal>> request(WsLink link, String method, List<String> symbols) {
    List<CompletableFuture<List<Refusal>>> answers = new ArrayList<>();
    for (int from = 0; from < symbols.size(); from += SYMBOLS_PER_MESSAGE) {
      List<String> batch = symbols.subList(from, Math.min(symbols.size(), from + SYMBOLS_PER_MESSAGE));
      // trade before ticker: the trade snapshot (history, or what a reconnect missed) is read before the
      // ticker snapshot that starts a market, so every trade after it arrives as an update
      answers.add(send(link, method, "trade", batch));
      answers.add(send(link, method, "ticker", batch));
    }
    return gather(answers);
  }

  static CompletableFuture<List<Refusal>> gather(List<CompletableFuture<List<Refusal>>> answers) {
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(all -> answers.stream()
        .flatMap(answer -> answer.join().stream()).toList());
  }

  /** A subscriber's answer: done when every symbol was taken, else failed with the first refusal. */
  static CompletableFuture<Void> allTaken(List<Refusal> refused) {
    return refused.isEmpty() ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(KrakenErrors.of(refused.get(0).error(), KrakenRest.SOURCE).toException());
  }

  /**
   * A request's params: the ticker's is the bbo one (named in both, as it tells one ticker subscription from
   * another); only a subscribe asks for a snapshot, a parameter the docs give the subscribe alone.
   */
  private static ObjectNode params(String method, String channel, List<String> symbols) {
    ObjectNode params = Envelope.JSON.createObjectNode().put("channel", channel);
    symbols.forEach(params.putArray("symbol")::add);
    if (channel.equals("ticker")) {
      params.put("event_trigger", "bbo");
    }
    if (method.equals("subscribe")) {
      params.put("snapshot", true);
    }
    return params;
  }

  CompletableFuture<List<Refusal>> send(WsLink link, String method, String channel, List<String> symbols) {
    ObjectNode params = params(method, channel, symbols);
    long reqId = reqIds.incrementAndGet();
    ObjectNode message = Envelope.JSON.createObjectNode().put("method", method);
    message.set("params", params);
    message.put("req_id", reqId);
    CompletableFuture<List<Refusal>> done = new CompletableFuture<>();
    pending.put(reqId, new Pending(channel, done, new AtomicInteger(symbols.size()), new ArrayList<>()));
    ScheduledFuture<?> timeout = timers.schedule(() -> done.completeExceptionally(RemoteError.of("KrakenTimeout",
        "kraken did not acknowledge " + method + " " + channel + " " + params.path("symbol")
            + " within " + REPLY_TIMEOUT.toSeconds() + " s", KrakenRest.SOURCE).toException()),
        REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    done.whenComplete((ok, error) -> {
      timeout.cancel(false);
      pending.remove(reqId);
    });
    link.send(message.toString()).exceptionally(notSent -> null); // unsent: its acknowledgement times out
    return done;
  }

  /** Kraken's answer to one of our requests, per symbol: the request completes once every symbol is answered. */
  void acknowledged(WsMessage.Reply reply) {
    Pending request = pending.get(reply.reqId());
    if (request == null) {
      return;
    }
    if (!reply.success()) {
      String error = reply.error().isEmpty() ? "EGeneral:Invalid arguments" : reply.error();
      if (reply.symbol().isEmpty()) {
        // refused whole (no symbol named): no answer per symbol follows
        request.done().completeExceptionally(KrakenErrors.of(error, KrakenRest.SOURCE).toException());
        return;
      }
      synchronized (request.refused()) {
        request.refused().add(new Refusal(request.channel(), reply.symbol(), error));
      }
    }
    if (request.left().decrementAndGet() <= 0) {
      synchronized (request.refused()) {
        request.done().complete(List.copyOf(request.refused()));
      }
    }
  }


  /** The stream is closed: no request is awaited any more. */
  void cancelAll() {
    pending.values().forEach(request -> request.done().cancel(false));
  }
}
