package piker.pikerd.cli;

import java.nio.charset.Charset;

/**
 * The encoding a command's stdout is written in: the JVM's stdout encoding, else its default. JDK classes only:
 * the client agent's thin client asks it too, without loading the command line's classes.
 */
public final class StdoutEncoding {
  private StdoutEncoding() {}

  public static Charset charset() {
    String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }
}
