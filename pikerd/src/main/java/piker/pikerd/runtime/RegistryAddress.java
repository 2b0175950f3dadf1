package piker.pikerd.runtime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where pikerd's registry listens: {@code HOST:PORT}; {@code localhost} means 127.0.0.1. */
public record RegistryAddress(String host, int port) {
  public static final RegistryAddress DEFAULT = new RegistryAddress("127.0.0.1", 6116);
  private static final Pattern FORM = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:]+\\]):([0-9]{1,5})");

  public RegistryAddress {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    }
  }

  public static RegistryAddress parse(String text) {
    Matcher match = FORM.matcher(text == null ? "" : text.strip());
    if (!match.matches()) {
      throw new IllegalArgumentException("invalid registry address '" + text + "': expected HOST:PORT, e.g. 127.0.0.1:6116");
    }
    int port = Integer.parseInt(match.group(2));
    if (port > 65535) {
      throw new IllegalArgumentException("invalid registry address '" + text + "': port " + port + " is outside 0..65535");
    }
    String host = match.group(1).equalsIgnoreCase("localhost") ? "127.0.0.1" : match.group(1);
    return new RegistryAddress(host, port);
  }

  /** The Pekko address of pikerd's node at this registry address. */
  public String pekkoAddress() {
    return "pekko://" + PikerdNode.SYSTEM_NAME + "@" + host + ":" + port;
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
