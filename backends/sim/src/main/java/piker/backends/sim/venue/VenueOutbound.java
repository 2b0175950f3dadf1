package piker.backends.sim.venue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The venue's client connections and what is sent to them. A connection whose outbound buffer overflows is
 * failed, as a real exchange drops a slow consumer. An answer sent while the exchange log is still writing a
 * line follows that line on the writer's thread, so no client hears of what the log does not yet hold.
 * Called from the engine's thread.
 */
final class VenueOutbound {
  /** Not the actor's logger: connections are also dropped from the writer's thread. */
  private static final Logger LOG = LoggerFactory.getLogger(VenueOutbound.class);

  private final Map<Long, BoundedSourceQueue<String>> connections = new HashMap<>();
  private final VenueWriter writer;
  /** Told, from the writer's thread, of a connection an answer sent there found gone. */
  private final LongConsumer goneLater;

  VenueOutbound(VenueWriter writer, LongConsumer goneLater) {
    this.writer = writer;
    this.goneLater = goneLater;
  }

  void connected(long connection, BoundedSourceQueue<String> out) {
    connections.put(connection, out);
  }

  void disconnected(long connection) {
    connections.remove(connection);
  }

  /** Every connection, failed with {@code why}; returns the ids, for the engine to forget them. */
  List<Long> failAll(String why) {
    List<Long> all = List.copyOf(connections.keySet());
    all.forEach(connection -> connections.remove(connection).fail(new IllegalStateException(why)));
    return all;
  }

  /** Sends one message; false when the connection is gone now (one found gone later goes to goneLater). */
  boolean send(long connection, String text) {
    BoundedSourceQueue<String> out = connections.get(connection);
    if (out == null) {
      return true;
    }
    if (!writer.settled()) {
      // a line is still being written: this send (and anything after it) follows it on the writer's thread
      writer.afterLogged(() -> {
        if (!offer(connection, out, text)) {
          goneLater.accept(connection);
        }
      });
      return true;
    }
    return offer(connection, out, text);
  }

  /** Offers one message to a connection; false once it is gone (a slow consumer is failed here). */
  private static boolean offer(long connection, BoundedSourceQueue<String> out, String text) {
    QueueOfferResult result = out.offer(text);
    if (result == QueueOfferResult.enqueued()) {
      return true;
    }
    if (result == QueueOfferResult.dropped()) {
      LOG.warn("dropping connection {}: it is not reading fast enough", connection);
      out.fail(new IllegalStateException("slow consumer"));
    }
    // dropped, or already closed by the client: either way the connection is gone
    return false;
  }
}
