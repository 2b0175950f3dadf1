package piker.pikerd.cli;

/** Bad input found before anything was sent to a daemon; the CLI exits 2 with this one line. */
public final class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }
}
