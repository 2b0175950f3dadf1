package piker.backends.binance.trade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import piker.contracts.RemoteError;

/**
 * What a Binance error answer means for the client (docs/venues/binance.md 3, 9.2, 13.5): refused for good,
 * wait before sending to that host again, re-sync the clock and retry once, in doubt (it may have happened:
 * look the order up by its client id, never resend), or the key is refused. Decided by Binance's code
 * first and the HTTP status where the code is silent, except that any 5XX is in doubt whatever its code
 * ("the execution status is UNKNOWN"). Each kind boxes as a {@link RemoteError} typed with the code as text.
 */
public final class ErrorKinds {
  /** Our type for a request that got no answer in time or lost its connection: in doubt. */
  public static final String TIMEOUT = "timeout";
  /**
   * Our type for an HTTP 200 whose body is not JSON (cut short, a proxy's page): Binance accepted the request,
   * only its answer is lost. In doubt like a timeout, but a placement with it was placed for sure.
   */
  public static final String UNREADABLE_200 = "HTTP 200 unreadable";
  /** -1015 TOO_MANY_ORDERS: the account's new-order count, not the IP's weight (errors.md). */
  public static final String TOO_MANY_ORDERS = "-1015";
  // How long to keep off a host when Binance says to wait but not for how long (ours): a 418 ban lasts
  // "from 2 minutes to 3 days"; a 429, a WAF block (403) or -1008 SERVER_BUSY ("try again in a few minutes").
  static final Duration BAN_WAIT = Duration.ofMinutes(2);
  static final Duration BACK_OFF = Duration.ofMinutes(1);
  private static final Set<String> IN_DOUBT = Set.of("-1000", "-1006", "-1007");
  private static final Set<String> AUTH = Set.of("-2014", "-2015", "-1022");
  private static final Set<String> TOO_MANY = Set.of("-1003", TOO_MANY_ORDERS);
  private static final int MAX_QUOTED_BODY = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorKinds() {}

  /** One classified answer; {@code code} is Binance's code as text, or {@code HTTP n} / {@code timeout} without one. */
  public sealed interface Kind {
    String code();

    String msg();

    /** The error for callers: typed with the code, Binance's message (a wait says how long). */
    default RemoteError error() {
      return RemoteError.of(code(), msg(), "");
    }
  }

  /** Refused for good (e.g. -2010, -1013, -1111, -1121): surface it. */
  public record Rejected(String code, String msg) implements Kind {}

  /** Send nothing more to this host before {@code delay} passes (429, 418, 403, -1003, -1015, -1008). */
  public record RetryAfter(String code, String msg, Duration delay) implements Kind {
    @Override
    public RemoteError error() {
      long seconds = (delay.toMillis() + 999) / 1000;
      return RemoteError.of(code, "rate limited by binance for " + seconds + " s (" + msg + ")", "");
    }
  }

  /** -1021: the timestamp fell outside recvWindow before the Matching Engine; re-sync and retry once. */
  public record ClockSkew(String code, String msg) implements Kind {}

  /** 5XX, -1000, -1006, -1007, a timeout or a dropped link: it may have happened; look up, never resend. */
  public record InDoubt(String code, String msg) implements Kind {}

  /** -2014, -2015, -1022 or HTTP 401: the key, its permissions or our signature is refused. */
  public record AuthFailure(String code, String msg) implements Kind {}

  /** A code (or {@code HTTP 401}) by which Binance refuses the key, its permissions or our signature. */
  public static boolean refusesTheKey(String code) {
    return AUTH.contains(code) || "HTTP 401".equals(code);
  }

  /**
   * A REST answer that is not a success: its HTTP status, its body ({@code {"code", "msg"}}, or anything
   * else a proxy may send) and its {@code Retry-After} header (seconds), if any.
   */
  public static Kind rest(int httpStatus, String body, Optional<String> retryAfterSeconds) {
    JsonNode error = parse(body);
    Optional<Duration> wait = retryAfterSeconds.flatMap(ErrorKinds::seconds);
    return classify(httpStatus, error, wait, body == null || body.isBlank() ? "empty body" : quote(body));
  }

  /**
   * A WebSocket API answer with an {@code error} (`web-socket-api.md › Response format`): its {@code status},
   * and for 429/418 {@code error.data.retryAfter} (epoch ms), timed against {@code error.data.serverTime}
   * when given (Binance's clock, not ours), else against {@code nowMs}.
   */
  public static Kind ws(JsonNode response, long nowMs) {
    JsonNode error = response.has("error") ? response.get("error") : response;
    int status = response.path("status").asInt(400);
    JsonNode data = error.path("data");
    Optional<Duration> wait = Optional.empty();
    if (data.path("retryAfter").canConvertToLong()) {
      long from = data.path("serverTime").canConvertToLong() ? data.path("serverTime").asLong() : nowMs;
      wait = Optional.of(Duration.ofMillis(Math.max(0, data.path("retryAfter").asLong() - from)));
    }
    return classify(status, error, wait, "no message");
  }

  /** No answer in time, or the connection dropped with the request outstanding. */
  public static Kind timeout(String what) {
    return new InDoubt(TIMEOUT, what + ": no answer from binance; execution status unknown");
  }

  /** A 200 whose body broke off (the connection dropped mid-answer): accepted, what it did is unknown. */
  public static Kind cutShort200(String why) {
    return new InDoubt(UNREADABLE_200, "binance answered 200 but its body broke off (" + why
        + "); accepted, execution status unknown");
  }

  /** A 200 whose body is not JSON: the request was accepted, what it did is unknown. */
  public static Kind unreadable200(String body) {
    return new InDoubt(UNREADABLE_200, "binance answered 200 but its body is not JSON"
        + (body == null || body.isBlank() ? " (empty)" : ": " + quote(body)) + "; accepted, execution status unknown");
  }

  /**
   * {@code detail} is the message when Binance gives none (the body in short): the status goes with it only
   * when Binance's code stands as the type, since without one the type is the status ("HTTP 500") and users
   * read type and message together.
   */
  private static Kind classify(int status, JsonNode error, Optional<Duration> wait, String detail) {
    boolean hasCode = error != null && error.path("code").canConvertToLong();
    String code = hasCode ? String.valueOf(error.path("code").asLong()) : "HTTP " + status;
    String msg = error != null && error.path("msg").isTextual() ? error.path("msg").asText()
        : hasCode ? "HTTP " + status + ": " + detail : detail;
    if (status == 429 || status == 418 || TOO_MANY.contains(code)) {
      return new RetryAfter(code, msg, wait.orElse(status == 418 ? BAN_WAIT : BACK_OFF));
    }
    if (status >= 500 || IN_DOUBT.contains(code)) {
      return new InDoubt(code, msg);
    }
    if ("-1021".equals(code)) {
      return new ClockSkew(code, msg);
    }
    if (status == 401 || AUTH.contains(code)) {
      return new AuthFailure(code, msg);
    }
    if (status == 403 || "-1008".equals(code)) {
      return new RetryAfter(code, msg, wait.orElse(BACK_OFF));
    }
    return new Rejected(code, msg);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (java.io.IOException e) {
      return null; // an HTML page from a proxy or the WAF: the status decides
    }
  }

  private static Optional<Duration> seconds(String header) {
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String quote(String body) {
    String line = body.strip().replaceAll("\\s+", " ");
    return line.length() <= MAX_QUOTED_BODY ? line : line.substring(0, MAX_QUOTED_BODY) + "…";
  }
}
