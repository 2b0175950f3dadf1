package piker.pikerd.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import piker.pikerd.runtime.RegistryAddress;
import piker.pikerd.tls.RemotingTls;

/**
 * The address a client's remoting binds and advertises. Artery answers a peer at the address that peer
 * advertises, over a connection of its own, so a client must advertise an address pikerd can reach: on
 * loopback that is 127.0.0.1; towards another machine it is this machine's address on the route to pikerd
 * (the source address the kernel picks for packets to it).
 */
public final class ClientAddress {
  private ClientAddress() {}

  /** The host a client of {@code pikerd} advertises: 127.0.0.1 for a loopback pikerd, else this machine's side of the route. */
  public static String toReach(RegistryAddress pikerd) {
    if (!RemotingTls.beyondLoopback(pikerd.host())) {
      return "127.0.0.1";
    }
    InetAddress target;
    try {
      target = InetAddress.getByName(unbracketed(pikerd.host()));
    } catch (UnknownHostException e) {
      throw new NoPikerdException("cannot resolve pikerd's host '" + pikerd.host() + "': " + e.getMessage(), e);
    }
    // Connecting a datagram socket sends nothing: it asks the kernel's routing table which local address
    // packets to the target leave from. A port of 0 cannot be connected to, so 1 stands in for "any".
    try (DatagramSocket route = new DatagramSocket()) {
      route.connect(target, pikerd.port() == 0 ? 1 : pikerd.port());
      InetAddress local = route.getLocalAddress();
      if (local == null || local.isAnyLocalAddress()) {
        throw new NoPikerdException("no route from this machine to pikerd at " + pikerd
            + ": no local address to answer on");
      }
      return local.getHostAddress();
    } catch (IOException | UncheckedIOException e) {
      // connect throws UncheckedIOException when the kernel has no route to the target
      throw new NoPikerdException("no route from this machine to pikerd at " + pikerd + ": " + e.getMessage(), e);
    }
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
