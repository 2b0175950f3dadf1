package piker.contracts;

/** A {@link RemoteError} raised again on the receiving side. */
public final class RemoteException extends RuntimeException {
  private final RemoteError error;

  public RemoteException(RemoteError error) {
    super(error.describe() + (error.source().isEmpty() ? "" : " (raised by " + error.source() + ")"));
    this.error = error;
  }

  public RemoteError error() {
    return error;
  }
}
