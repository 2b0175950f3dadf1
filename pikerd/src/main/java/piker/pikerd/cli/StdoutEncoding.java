package piker.pikerd.cli;

import java.nio.charset.Charset;

/**
 * The encoding a command's stdout is written in: the JVM's stdout encoding, else its default. JDK classes only:
 * the client agent's thin client asks it too, without loading the command line's classes.
 */
public final class StdoutEncoding {
  private StdoutEncoding() {}

  public static Charset charset() {
    return named(System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding")));
  }

  /** The charset of that name, or the JVM's default for none or one this JVM does not know. */
  public static Charset named(String name) {
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }
}
