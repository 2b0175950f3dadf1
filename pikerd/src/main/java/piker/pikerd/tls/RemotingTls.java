package piker.pikerd.tls;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Remoting's TLS, from a config dir's {@link TlsFiles}: with them, every connection of this JVM (pikerd's
 * nodes, a client's) is Artery's TLS over TCP with mutual authentication, trusting only the piker CA that
 * issued them; without them, plain TCP, which pikerd allows on loopback only.
 */
public final class RemotingTls {
  private static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine.";

  private RemotingTls() {}

  /** Config over the defaults that turns TLS on when the config dir has its files; empty otherwise. */
  public static Config overlay(Path configDir) {
    TlsFiles tls = TlsFiles.in(configDir);
    if (tls.partial()) {
      throw new IllegalArgumentException(tls.incomplete());
    }
    if (!tls.present()) {
      return ConfigFactory.empty();
    }
    String password;
    try {
      password = tls.readPassword();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tls.password() + ": " + e.getMessage(), e);
    }
    return ConfigFactory.parseMap(Map.of(
        "pekko.remote.artery.transport", "tls-tcp",
        ENGINE + "key-store", tls.node().toAbsolutePath().toString(),
        ENGINE + "key-store-password", password,
        ENGINE + "key-password", password,
        ENGINE + "trust-store", tls.trust().toAbsolutePath().toString(),
        ENGINE + "trust-store-password", password,
        ENGINE + "require-mutual-authentication", true));
  }

  public static boolean enabled(Path configDir) {
    return TlsFiles.in(configDir).present();
  }

  /** Whether remoting on {@code host} can be reached from other machines (then it must use TLS). */
  public static boolean beyondLoopback(String host) {
    try {
      return !InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return true; // a name that does not resolve here is nobody's loopback
    }
  }
}
