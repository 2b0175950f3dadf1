package piker.brokerd.credentials;

/**
 * brokers.toml cannot be used. The message is safe to show and to log: it names the file, the table
 * and the field, never a value read from the file or the environment. For the same reason there is
 * no cause: a parser's exception quotes source text, which may hold a key, and a logged stack trace
 * would print it.
 */
public final class CredentialsException extends Exception {
  private static final long serialVersionUID = 1L;

  CredentialsException(String message) {
    super(message);
  }
}
