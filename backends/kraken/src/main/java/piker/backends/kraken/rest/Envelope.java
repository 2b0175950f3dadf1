package piker.backends.kraken.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

/**
 * Kraken's REST answer (docs/venues/kraken.md 2, 3): {@code {"error":[],"result":{…}}} on success, a non-empty
 * {@code error} array (and an empty or absent {@code result}) on failure. {@code W…} entries beside a result
 * are warnings: the call succeeded. Numbers are read as exact decimals ({@link #JSON}).
 */
public final class Envelope {
  /**
   * WebSocket v2's own ping ("an application level ping, distinct from the protocol-level ping in the WebSockets
   * standard"), sent on a quiet link beside the WebSocket ping: Kraken answers it with a {@code pong} message, a
   * frame heard like any. No {@code req_id}: the answer is not awaited, only heard.
   */
  public static final String PING = "{\"method\":\"ping\"}";
  /** Kraken's JSON, floats kept exact: a fractional number (a trade's time) is a BigDecimal, never a double. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true)); // "0.40" stays 0.40: the token's own text

  private Envelope() {}

  /** The errors of an answer ({@code E…} only), in Kraken's order; empty on success. */
  public static List<String> errors(JsonNode body) {
    List<String> errors = new ArrayList<>();
    for (JsonNode error : body.path("error")) {
      String text = error.asText();
      if (!text.startsWith("W")) {
        errors.add(text);
      }
    }
    return errors;
  }

  /**
   * The {@code result} of an answer's text, or the first error as a {@link RemoteException} of
   * {@link KrakenErrors#of}; a body that is no envelope (an HTML page from a proxy) is
   * {@code KrakenUnreachable}.
   */
  public static JsonNode result(String text, String source) {
    JsonNode body = parse(text);
    if (body == null || !body.has("error") && !body.has("result")) {
      throw RemoteError.of(KrakenErrors.UNREACHABLE, "kraken answered no JSON envelope: " + excerpt(text), source)
          .toException();
    }
    List<String> errors = errors(body);
    if (!errors.isEmpty()) {
      throw KrakenErrors.of(errors.get(0), source).toException();
    }
    return body.path("result");
  }

  public static JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? null : JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static String excerpt(String text) {
    String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return flat.length() > 80 ? flat.substring(0, 80) + "…" : flat;
  }
}
