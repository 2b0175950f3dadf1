package piker.backends.sim.venue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * The venue's websocket dialect: JSON text frames. Requests carry an {@code id} and an {@code op};
 * replies echo the id with {@code ok} and a {@code result} or an {@code error}; stream events carry an
 * {@code event} instead. Prices and sizes travel as decimal strings, so nothing is lost to floats.
 */
public final class VenueJson {
  private final ObjectMapper mapper = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  public ObjectNode object() {
    return mapper.createObjectNode();
  }

  public ArrayNode array() {
    return mapper.createArrayNode();
  }

  public JsonNode parse(String text) {
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
  }

  public String write(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public ObjectNode ok(long id, JsonNode result) {
    ObjectNode reply = object().put("id", id).put("ok", true);
    reply.set("result", result);
    return reply;
  }

  public ObjectNode error(long id, String type, String message) {
    ObjectNode reply = object().put("id", id).put("ok", false);
    reply.set("error", object().put("type", type).put("message", message));
    return reply;
  }

  /** An exact decimal from a string field; throws naming the field when absent or malformed. */
  public static BigDecimal decimal(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    try {
      return new BigDecimal(value.asText());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + field + "' is not a decimal: " + value.asText());
    }
  }

  public static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return value.asText();
  }

  /** The most digits a price or size sent to the venue may have: anything longer is refused, not computed. */
  public static final int MAX_DIGITS = 30;

  public static String plain(BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }
}
