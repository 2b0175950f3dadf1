package piker.pikerd.client;

/** No pikerd answers where the client looked (or it speaks another protocol version); the CLI exits 3. */
public final class NoPikerdException extends RuntimeException {
  public NoPikerdException(String message) {
    super(message);
  }

  public NoPikerdException(String message, Throwable cause) {
    super(message, cause);
  }
}
