package piker.contracts.daemon;

import java.nio.file.Path;
import java.util.Optional;
import piker.contracts.RemoteError;

/**
 * Admits client requests by their {@link Hello}: present, same protocol version, this config dir's
 * cookie. The cookie is read when first needed and kept by the owning actor: one gate per actor.
 */
public final class HelloGate {
  private final Path cookieFile;
  private String cookie;

  public HelloGate(RuntimeSettings settings) {
    this.cookieFile = settings.cookieFile();
  }

  /** Empty when admitted; otherwise the refusal, raised at {@code source}. */
  public Optional<RemoteError> check(Hello hello, String source) {
    if (hello == null) {
      return Optional.of(RemoteError.of("Unauthorized",
          "the request carries no hello (cookie and protocol version)", source));
    }
    if (cookie == null) {
      cookie = Cookie.read(cookieFile);
    }
    return hello.verify(cookie, source);
  }

  /** This config dir's own hello, for requests between the nodes of one cluster (which share the cookie). */
  public Hello hello() {
    if (cookie == null) {
      cookie = Cookie.read(cookieFile);
    }
    return Hello.of(cookie);
  }
}
