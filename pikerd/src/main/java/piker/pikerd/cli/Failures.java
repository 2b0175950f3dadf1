package piker.pikerd.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.names.Echoed;
import piker.pikerd.client.NoPikerdException;

/**
 * What a failed command tells its user, and its exit code (cli.md): words that say what went wrong,
 * never a Java class name or an actor path; those are for {@code --loglevel debug}'s stack trace.
 */
final class Failures {
  /** A Java exception's name as toString() puts it before a message, e.g. "java.lang.IllegalStateException: ". */
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:[a-z_][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
  private static final Pattern LONG_VALUE = Pattern.compile("[^\\s']{" + (Echoed.MAX + 1) + ",}");
  static final String INTERNAL = "an internal error stopped the command; run it again with --loglevel debug to see "
      + "where, and report it";

  private Failures() {}

  static int exitCode(Throwable error) {
    if (error instanceof BadInputException) {
      return ExitCodes.BAD_INPUT;
    }
    if (error instanceof NoPikerdException) {
      return ExitCodes.NO_PIKERD;
    }
    return ExitCodes.FAILED;
  }

  static String words(Throwable error) {
    while ((error instanceof java.util.concurrent.CompletionException
        || error instanceof java.util.concurrent.ExecutionException) && error.getCause() != null) {
      error = error.getCause();
    }
    if (error instanceof RemoteException remote) {
      return words(remote.error());
    }
    if (error instanceof java.util.concurrent.TimeoutException) {
      // an ask that got no answer: a machine too busy, or a daemon stuck; no bug of the command's
      return "no answer in time from pikerd or a daemon (a busy machine, or a daemon stuck): try again; pikerd's"
          + " log says more";
    }
    // the failures our own code raises carry words; anything else is a bug, not the user's to read
    boolean ours = error instanceof IllegalStateException || error instanceof IllegalArgumentException
        || error instanceof BadInputException || error instanceof NoPikerdException
        || error instanceof UncheckedIOException || error instanceof IOException;
    String message = error.getMessage();
    if (!ours || message == null || message.isBlank()) {
      return INTERNAL;
    }
    return withoutClassNames(message);
  }

  /**
   * A daemon's error: a Java exception is its message after the name of the daemon that raised it; a
   * symbolic kind of ours (UnknownMarket, Unauthorized: protocol.md's words) stays in front of its message.
   */
  static String words(RemoteError error) {
    String message = withoutClassNames(error.message());
    boolean javaException = error.type().contains(".");
    if (message.isBlank() || message.equals("null")) {
      return daemon(error.source()).map(name -> name + " failed unexpectedly; pikerd's log says why")
          .orElse("a daemon failed unexpectedly; pikerd's log says why");
    }
    return javaException ? daemon(error.source()).map(name -> name + ": " + message).orElse(message)
        : error.type() + ": " + message;
  }

  /** The service an actor path belongs to: its last element, e.g. datad.sim. */
  private static java.util.Optional<String> daemon(String source) {
    String name = source.substring(source.lastIndexOf('/') + 1);
    return name.isBlank() || name.contains(":") || name.contains("$") ? java.util.Optional.empty()
        : java.util.Optional.of(name);
  }

  /** picocli's messages quote the user's values whole: each long one is cut as {@link Echoed#cut} cuts it. */
  static String cutLongValues(String message) {
    return LONG_VALUE.matcher(String.valueOf(message)).replaceAll(match -> Matcher.quoteReplacement(
        Echoed.cut(match.group())));
  }

  static String withoutClassNames(String message) {
    return CLASS_NAME.matcher(String.valueOf(message)).replaceAll("").strip();
  }
}
