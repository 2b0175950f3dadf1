package piker.backends.sim.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.backends.sim.venue.VenueKeepalive;

/**
 * One venue link's keepalive ({@link VenueKeepalive}): pings the venue every ping-interval and takes the link
 * as dead once nothing at all (no frame, no pong) arrived for pong-timeout. The check runs with each ping, so a
 * dead link is noticed between pong-timeout and pong-timeout plus one ping interval after the venue fell silent.
 */
final class LinkWatch {
  private static final Logger log = LoggerFactory.getLogger(LinkWatch.class);

  private final VenueKeepalive keepalive;
  private final ScheduledExecutorService timer;
  private final String address;
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile boolean stopped;
  private volatile ScheduledFuture<?> pings;
  /** Touched on the timer thread alone. */
  private long pingSequence;

  LinkWatch(VenueKeepalive keepalive, ScheduledExecutorService timer, String address) {
    this.keepalive = keepalive;
    this.timer = timer;
    this.address = address;
  }

  /**
   * Starts watching {@code webSocket}; {@code silent} hears (on the timer thread, once) how long the link was
   * silent when it was taken as dead. A timer shut down meanwhile (the connection closed) aborts the link.
   */
  void start(WebSocket webSocket, LongConsumer silent) {
    lastHeardNanos = System.nanoTime();
    long every = keepalive.pingInterval().toMillis();
    try {
      pings = timer.scheduleAtFixedRate(() -> check(webSocket, silent), every, every, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closedMeanwhile) {
      webSocket.abort();
    }
  }

  /** Something arrived on the link. */
  void heard() {
    lastHeardNanos = System.nanoTime();
  }

  /** No more pings or checks (the link dropped or was retired). */
  void stop() {
    stopped = true;
    ScheduledFuture<?> scheduled = pings;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
  }

  private void check(WebSocket webSocket, LongConsumer silent) {
    if (stopped) {
      return;
    }
    long silentMillis = (System.nanoTime() - lastHeardNanos) / 1_000_000;
    if (silentMillis >= keepalive.pongTimeout().toMillis()) {
      stop();
      silent.accept(silentMillis);
      return;
    }
    ByteBuffer payload = ByteBuffer.allocate(Long.BYTES).putLong(++pingSequence).flip();
    try {
      webSocket.sendPing(payload);
    } catch (RuntimeException e) {
      // a ping that cannot go is a silence the next check sees; a throw would end the timer for good
      log.debug("ping to the sim venue at {} not sent: {}", address, e.toString());
    }
  }
}
