package piker.contracts.daemon;

import piker.contracts.RemoteError;

/**
 * A set-up failure no restart can fix (a damaged file the user has to repair): the daemon reports it
 * and stops at once, instead of being restarted with backoff against the same file. The next request
 * for the daemon starts it afresh, so a repaired file is picked up.
 */
public final class StartRefused extends RuntimeException {
  private final RemoteError error;

  public StartRefused(RemoteError error) {
    super(error.describe());
    this.error = error;
  }

  public RemoteError error() {
    return error;
  }

  /** The refusal behind {@code failure}, unwrapping the future wrappers an asynchronous set-up adds. */
  static StartRefused find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StartRefused refused) {
        return refused;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
