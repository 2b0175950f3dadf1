package piker.contracts;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * An error boxed for the wire: the original exception's type name and message, the actor that raised
 * it, and optionally its stack trace as text. Receivers rebuild a {@link RemoteException} from it.
 *
 * @param type    the original exception's class name, or a symbolic error kind such as {@code EndpointNotExposed}
 * @param message human-readable explanation
 * @param source  path of the actor that raised it
 * @param trace   remote stack trace text; empty when not shipped
 */
public record RemoteError(String type, String message, String source, String trace) implements PikerSerializable {

  public RemoteError {
    type = Objects.requireNonNullElse(type, "Unknown");
    message = Objects.requireNonNullElse(message, "");
    source = Objects.requireNonNullElse(source, "");
    trace = Objects.requireNonNullElse(trace, "");
  }

  /** A symbolic error raised by our own validation, without a trace. */
  public static RemoteError of(String type, String message, String source) {
    return new RemoteError(type, message, source, "");
  }

  /** Boxes an exception raised at {@code source}, keeping its trace for debugging on the other side. */
  public static RemoteError of(Throwable error, String source) {
    Throwable root = error;
    // Unwrap the wrappers that async code adds; the cause is what the user needs to see.
    while ((root instanceof java.util.concurrent.CompletionException
            || root instanceof java.util.concurrent.ExecutionException)
        && root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof RemoteException remote) {
      return remote.error();
    }
    StringWriter text = new StringWriter();
    root.printStackTrace(new PrintWriter(text));
    return new RemoteError(root.getClass().getName(), String.valueOf(root.getMessage()), source, text.toString());
  }

  public RemoteException toException() {
    return new RemoteException(this);
  }

  /**
   * One line for users: the type's simple name and the message; the message alone when it already begins
   * with the type, as a venue's own error string does when it is both (Kraken's {@code EOrder:Insufficient
   * funds}, typed by its start), so the user does not read it twice.
   */
  public String describe() {
    String simple = type.substring(type.lastIndexOf('.') + 1);
    if (message.equals(simple) || message.startsWith(simple + ":")) {
      return message;
    }
    return simple + ": " + message;
  }

  @Override
  public String toString() {
    return "RemoteError[" + describe() + " at " + source + "]";
  }
}
