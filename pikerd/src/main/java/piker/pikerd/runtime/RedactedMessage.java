package piker.pikerd.runtime;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Pattern;

/**
 * {@code %msg} with brokerd's actor-name suffix masked. The suffix keeps brokerd out of reach of
 * anyone not handed its reference (architecture.md), so it must not reach a log line either; Pekko's
 * own messages (dead letters, for one) print actor paths we do not write ourselves.
 */
public final class RedactedMessage extends MessageConverter {
  private static final Pattern BROKERD_SUFFIX = Pattern.compile("(brokerd\\.[a-z0-9_-]+)-[0-9a-f]{32}");

  @Override
  public String convert(ILoggingEvent event) {
    return redact(super.convert(event));
  }

  static String redact(String message) {
    return message == null || !message.contains("brokerd.") ? message
        : BROKERD_SUFFIX.matcher(message).replaceAll("$1-***");
  }
}
