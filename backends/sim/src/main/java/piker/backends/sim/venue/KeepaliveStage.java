package piker.backends.sim.venue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The venue's side of the keepalive, between the TCP connection and Pekko HTTP, as Binance does it:
 * once the connection is a websocket it sends a ping frame every ping-interval (slipped in between the
 * venue's own frames) and drops the connection when no pong carrying one of its pings' payloads came
 * back within pong-timeout. An unsolicited pong keeps nothing alive. Bytes pass through unchanged.
 */
final class KeepaliveStage extends GraphStage<BidiShape<ByteString, ByteString, ByteString, ByteString>> {
  private static final Logger LOG = LoggerFactory.getLogger(KeepaliveStage.class);
  private static final String PING_TIMER = "ping";
  private static final String DEADLINE_TIMER = "deadline";

  private final Inlet<ByteString> fromServer = Inlet.create("Keepalive.fromServer");
  private final Outlet<ByteString> toNet = Outlet.create("Keepalive.toNet");
  private final Inlet<ByteString> fromNet = Inlet.create("Keepalive.fromNet");
  private final Outlet<ByteString> toServer = Outlet.create("Keepalive.toServer");
  private final BidiShape<ByteString, ByteString, ByteString, ByteString> shape =
      BidiShape.of(fromServer, toNet, fromNet, toServer);
  private final VenueKeepalive keepalive;
  private final InetSocketAddress peer;

  KeepaliveStage(VenueKeepalive keepalive, InetSocketAddress peer) {
    this.keepalive = keepalive;
    this.peer = peer;
  }

  @Override
  public BidiShape<ByteString, ByteString, ByteString, ByteString> shape() {
    return shape;
  }

  /** A connection dropped for want of pongs. */
  static final class NoPong extends RuntimeException {
    NoPong(String message) {
      super(message);
    }
  }

  /** A ping frame from the server (unmasked) carrying an 8-byte sequence number. */
  static ByteString pingFrame(long sequence) {
    ByteBuffer frame = ByteBuffer.allocate(10);
    frame.put((byte) (0x80 | FrameScanner.PING)).put((byte) 8).putLong(sequence).flip();
    return ByteString.fromByteBuffer(frame);
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      private final FrameScanner outbound = new FrameScanner(true);
      private final FrameScanner inbound = new FrameScanner(false);
      /** Sequence numbers of the pings not answered yet, oldest first. */
      private final ArrayDeque<Long> unanswered = new ArrayDeque<>();
      private long sequence;
      private ByteString pendingPing;

      {
        setHandler(fromServer, new AbstractInHandler() {
          @Override
          public void onPush() {
            ByteString chunk = grab(fromServer);
            boolean wasUpgraded = outbound.upgraded();
            outbound.feed(chunk.asByteBuffer(), (opcode, payload) -> { });
            emit(toNet, chunk);
            if (!wasUpgraded && outbound.upgraded()) {
              scheduleAtFixedRate(PING_TIMER, keepalive.pingInterval(), keepalive.pingInterval());
              scheduleOnce(DEADLINE_TIMER, keepalive.pongTimeout());
            }
            if (pendingPing != null && outbound.atFrameBoundary()) {
              emit(toNet, pendingPing);
              pendingPing = null;
            }
          }

          @Override
          public void onUpstreamFinish() {
            complete(toNet);
          }
        });
        setHandler(toNet, new AbstractOutHandler() {
          @Override
          public void onPull() {
            if (!hasBeenPulled(fromServer) && !isClosed(fromServer)) {
              pull(fromServer);
            }
          }

          @Override
          public void onDownstreamFinish(Throwable cause) {
            cancel(fromServer, cause);
          }
        });
        setHandler(fromNet, new AbstractInHandler() {
          @Override
          public void onPush() {
            ByteString chunk = grab(fromNet);
            inbound.feed(chunk.asByteBuffer(), (opcode, payload) -> {
              if (opcode == FrameScanner.PONG) {
                onPong(payload);
              }
            });
            push(toServer, chunk);
          }

          @Override
          public void onUpstreamFinish() {
            complete(toServer);
          }
        });
        setHandler(toServer, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(fromNet);
          }

          @Override
          public void onDownstreamFinish(Throwable cause) {
            cancel(fromNet, cause);
          }
        });
      }

      private void onPong(byte[] payload) {
        if (payload.length != 8 || !outbound.upgraded()) {
          return;
        }
        long answered = ByteBuffer.wrap(payload).getLong();
        if (!unanswered.contains(answered)) {
          return; // unsolicited, or a copy of no ping of ours: keeps nothing alive
        }
        while (!unanswered.isEmpty() && unanswered.peekFirst() <= answered) {
          unanswered.pollFirst();
        }
        scheduleOnce(DEADLINE_TIMER, keepalive.pongTimeout());
      }

      @Override
      public void onTimer(Object key) {
        if (DEADLINE_TIMER.equals(key)) {
          String message = "no pong from " + peer + " within " + keepalive.pongTimeout().toMillis() + " ms";
          LOG.warn("sim venue: dropping the connection: {}", message);
          failStage(new NoPong(message));
          return;
        }
        long next = ++sequence;
        unanswered.addLast(next);
        // a peer that never answers must not grow this: only pings younger than the deadline count
        long keep = keepalive.pongTimeout().toMillis() / keepalive.pingInterval().toMillis() + 2;
        while (unanswered.size() > keep) {
          unanswered.pollFirst();
        }
        ByteString ping = pingFrame(next);
        if (outbound.atFrameBoundary()) {
          emit(toNet, ping);
        } else {
          pendingPing = ping; // in the middle of one of the venue's frames: right after it
        }
      }
    };
  }
}
