package piker.pikerd.services;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.names.ServiceName;
import piker.pikerd.config.BadConfigException;

/** Why a daemon could not be set up, boxed for whoever asked for it, in words. */
final class SpawnErrors {
  private SpawnErrors() {}

  static RemoteError box(ServiceName name, Throwable cause, String source) {
    Throwable root = unwrap(cause);
    if (root instanceof RemoteException remote) {
      return remote.error();
    }
    if (root instanceof BadConfigException bad) {
      return RemoteError.of("BadConfig", "cannot start " + name + ": " + bad.getMessage(), source);
    }
    String why = root.getMessage() == null || root.getMessage().isBlank()
        ? root.getClass().getSimpleName() : root.getMessage();
    return RemoteError.of("CannotSpawn", "cannot start " + name + ": " + why, source);
  }

  /** A failure the message explains fully (bad config, a refused dependency): logged without a trace. */
  static boolean expected(Throwable cause) {
    Throwable root = unwrap(cause);
    return root instanceof BadConfigException || root instanceof RemoteException;
  }

  static Throwable unwrap(Throwable cause) {
    Throwable root = cause;
    while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }
}
