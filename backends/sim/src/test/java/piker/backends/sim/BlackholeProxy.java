package piker.backends.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback that can turn into a black hole: after {@link #swallow()} the connections it
 * relays still read everything but deliver nothing either way, as a dead route or a frozen peer would,
 * with no FIN and no reset. Connections made afterwards relay normally.
 */
final class BlackholeProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Relay> relays = new CopyOnWriteArrayList<>();
  final AtomicInteger accepted = new AtomicInteger();

  BlackholeProxy(String targetAddress) throws IOException {
    String[] hostPort = targetAddress.split(":");
    target = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
    server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "blackhole-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Every connection relayed so far goes silent both ways from now on. */
  void swallow() {
    relays.forEach(relay -> relay.swallowing = true);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        Relay relay = new Relay(client, upstream);
        relays.add(relay);
        accepted.incrementAndGet();
        pump(relay, client, upstream);
        pump(relay, upstream, client);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(Relay relay, Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (!relay.swallowing) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      } catch (IOException e) {
        // one side went: the relay ends with it
      }
      if (!relay.swallowing) {
        relay.close(); // a black hole tells neither side that the other went
      }
    }, "blackhole-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    relays.forEach(Relay::close);
  }

  private static final class Relay {
    private final Socket client;
    private final Socket upstream;
    volatile boolean swallowing;

    Relay(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void close() {
      try {
        client.close();
        upstream.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
