package piker.pikerd.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import piker.pikerd.runtime.RegistryAddress;

/**
 * A plain TCP connect to the registry address, before any remoting: it tells "nothing listens" (the
 * connection is refused, so there is no point waiting) from "something listens" (perhaps a pikerd too
 * busy to answer yet, worth waiting for).
 */
final class RegistryProbe {
  private RegistryProbe() {}

  /** Returns when something accepts connections at {@code address}; throws {@link NoPikerdException} if not. */
  static void expectListener(RegistryAddress address, Duration timeout, Path configDir) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.host(), address.port()), (int) Math.max(1, timeout.toMillis()));
    } catch (ConnectException e) {
      throw new NoPikerdException("no pikerd answers at " + address + " (nothing listens there): start one "
          + "with `piker pikerd -c " + configDir + (address.equals(RegistryAddress.DEFAULT) ? "" : " --registry " + address)
          + "`, or point --registry at a running one", e);
    } catch (SocketTimeoutException e) {
      throw new NoPikerdException("no pikerd answers at " + address + ": nothing answered within " + timeout.toSeconds()
          + " s: is the address right? start pikerd with `piker pikerd`, or point --registry at it", e);
    } catch (IOException e) {
      throw new NoPikerdException("no pikerd answers at " + address + " (" + e.getMessage() + "): start pikerd with "
          + "`piker pikerd`, or point --registry at it", e);
    }
  }
}
