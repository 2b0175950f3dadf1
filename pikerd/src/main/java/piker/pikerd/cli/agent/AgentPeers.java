package piker.pikerd.cli.agent;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is at the other end of the agent's socket: only the user who runs both ends is served or trusted (the
 * kernel says who, SO_PEERCRED), whatever the socket file's mode or folder allow.
 */
final class AgentPeers {
  private AgentPeers() {}

  static boolean sameUser(SocketChannel channel) {
    try {
      UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
      return peer != null && peer.user().getName().equals(System.getProperty("user.name"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
