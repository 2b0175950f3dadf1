package piker.backends.binance.trade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static piker.backends.binance.trade.FiltersTest.json;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import piker.backends.binance.trade.ErrorKinds.AuthFailure;
import piker.backends.binance.trade.ErrorKinds.ClockSkew;
import piker.backends.binance.trade.ErrorKinds.InDoubt;
import piker.backends.binance.trade.ErrorKinds.Kind;
import piker.backends.binance.trade.ErrorKinds.Rejected;
import piker.backends.binance.trade.ErrorKinds.RetryAfter;
import piker.contracts.RemoteError;

/** Binance's error answers (docs/venues/binance.md 3, 9.2) and what 13.5 does with each. */
class ErrorKindsTest {
  static Kind rest(int status, String body) {
    return ErrorKinds.rest(status, body, Optional.empty());
  }

  static String error(int code, String msg) {
    return "{\"code\": " + code + ", \"msg\": \"" + msg + "\"}";
  }

  @Test
  void venueRefusalsAreRejectedWithCodeAndMessage() {
    Kind kind = rest(400, error(-2010, "Account has insufficient balance for requested action."));
    assertEquals(new Rejected("-2010", "Account has insufficient balance for requested action."), kind);
    assertEquals(RemoteError.of("-2010", "Account has insufficient balance for requested action.", ""), kind.error());
    assertEquals(new Rejected("-1013", "Filter failure: PRICE_FILTER"), rest(400, error(-1013, "Filter failure: PRICE_FILTER")));
    assertEquals(new Rejected("-1121", "Invalid symbol."), rest(400, error(-1121, "Invalid symbol.")));
    assertEquals(new Rejected("-2013", "Order does not exist."), rest(400, error(-2013, "Order does not exist.")));
    assertEquals(new Rejected("-2011", "Unknown order sent."), rest(400, error(-2011, "Unknown order sent.")));
  }

  @Test
  void a429WaitsForRetryAfterSecondsAndSaysSo() {
    Kind kind = ErrorKinds.rest(429, error(-1003, "Too much request weight used; current limit is 6000 request weight per "
        + "1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API."), Optional.of("17"));
    assertEquals(Duration.ofSeconds(17), ((RetryAfter) kind).delay());
    assertEquals("-1003", kind.error().type());
    assertEquals("rate limited by binance for 17 s (Too much request weight used; current limit is 6000 request weight "
        + "per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.)", kind.error().message());
  }

  @Test
  void aBanWithoutRetryAfterWaitsAtLeastTheShortestBan() {
    assertEquals(ErrorKinds.BAN_WAIT, ((RetryAfter) rest(418, "")).delay());
    assertEquals("HTTP 418", rest(418, "").code());
    assertEquals(ErrorKinds.BACK_OFF, ((RetryAfter) ErrorKinds.rest(429, "", Optional.of("soon"))).delay());
    assertInstanceOf(RetryAfter.class, rest(429, error(-1015, "Too many new orders; current limit is 50 orders per 10 SECOND.")));
    assertInstanceOf(RetryAfter.class, rest(403, "<html>blocked</html>"), "a WAF block stops that host too");
    assertInstanceOf(RetryAfter.class, rest(400, error(-1008, "Server is currently overloaded with other requests. "
        + "Please try again in a few minutes.")));
  }

  @Test
  void theWsApiGivesRetryAfterAsAnEpochTimeOnBinancesClock() {
    Kind kind = ErrorKinds.ws(json("""
        {"id": "fc93a61a-a192-4cf4-bb2a-a8f0f0c51e06", "status": 418,
         "error": {"code": -1003, "msg": "Way too much request weight used; IP banned until 1659146400000. Please use WebSocket Streams for live updates to avoid bans.",
                   "data": {"serverTime": 1659142907531, "retryAfter": 1659146400000}},
         "rateLimits": [{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000, "count": 2411}]}"""),
        1659142000000L);
    assertEquals(Duration.ofMillis(1659146400000L - 1659142907531L), ((RetryAfter) kind).delay());
    assertEquals("rate limited by binance for 3493 s", kind.error().message().substring(0, 34));
    Kind noServerTime = ErrorKinds.ws(json("{\"status\": 429, \"error\": {\"code\": -1003, \"msg\": \"Too many requests queued.\","
        + " \"data\": {\"retryAfter\": 1000}}}"), 400);
    assertEquals(Duration.ofMillis(600), ((RetryAfter) noServerTime).delay());
  }

  @Test
  void theWsApiCarriesTheSameCodes() {
    assertEquals(new Rejected("-2010", "Account has insufficient balance for requested action."), ErrorKinds.ws(json("""
        {"id": "e2a85d9f-07a5-4f94-8d5f-789dc3deb097", "status": 400,
         "error": {"code": -2010, "msg": "Account has insufficient balance for requested action."}}"""), 0));
    assertEquals(new AuthFailure("-2015", "Invalid API-key, IP, or permissions for action."), ErrorKinds.ws(json(
        "{\"id\": null, \"status\": 401, \"error\": {\"code\": -2015, \"msg\": \"Invalid API-key, IP, or permissions for action.\"}}"), 0));
    assertInstanceOf(Rejected.class, ErrorKinds.ws(json("{\"code\": 2, \"msg\": \"Invalid request: unknown stream\", \"id\": 3}"), 0),
        "a stream control error comes flat");
  }

  @Test
  void aStaleTimestampIsClockSkew() {
    assertEquals(new ClockSkew("-1021", "Timestamp for this request is outside of the recvWindow."),
        rest(400, error(-1021, "Timestamp for this request is outside of the recvWindow.")));
    assertInstanceOf(ClockSkew.class, rest(400, error(-1021, "Timestamp for this request was 1000ms ahead of the server's time.")));
  }

  @Test
  void unknownOutcomesAreInDoubt() {
    assertEquals(new InDoubt("-1007", "Timeout waiting for response from backend server. Send status unknown; "
        + "execution status unknown."), rest(408, error(-1007, "Timeout waiting for response from backend server. "
        + "Send status unknown; execution status unknown.")));
    assertInstanceOf(InDoubt.class, rest(400, error(-1000, "An unknown error occurred while processing the request.")));
    assertInstanceOf(InDoubt.class, rest(400, error(-1006, "An unexpected response was received from the message bus. "
        + "Execution status unknown.")));
    Kind gateway = rest(502, "<html>\n<body>Bad   Gateway</body></html>");
    assertEquals(new InDoubt("HTTP 502", "<html> <body>Bad Gateway</body></html>"), gateway);
    assertInstanceOf(InDoubt.class, rest(503, error(-1008, "Server is currently overloaded with other requests.")),
        "any 5XX may have executed, whatever its code");
    Kind timeout = ErrorKinds.timeout("POST /api/v3/order");
    assertEquals("timeout", timeout.error().type());
    assertInstanceOf(InDoubt.class, timeout);
  }

  @Test
  void aRefusedKeyIsAnAuthFailure() {
    assertEquals(new AuthFailure("-2014", "API-key format invalid."), rest(401, error(-2014, "API-key format invalid.")));
    assertInstanceOf(AuthFailure.class, rest(400, error(-2015, "Invalid API-key, IP, or permissions for action.")));
    assertInstanceOf(AuthFailure.class, rest(400, error(-1022, "Signature for this request is not valid.")));
    assertInstanceOf(AuthFailure.class, rest(401, ""));
  }

  @Test
  void aLongBodyWithoutACodeIsQuotedShort() {
    Kind kind = rest(404, "x".repeat(500));
    assertEquals(new Rejected("HTTP 404", "x".repeat(200) + "…"), kind);
  }

  @Test
  void anAnswerWithoutACodeNamesItsStatusOnce() {
    RemoteError page = rest(500, "<html><body><h1>500 Internal Server Error</h1></body></html>").error();
    assertEquals("HTTP 500: <html><body><h1>500 Internal Server Error</h1></body></html>", page.describe());
    assertEquals(1, page.describe().split("HTTP 500", -1).length - 1, page.describe());
    assertEquals("HTTP 503: empty body", rest(503, "").error().describe());
    assertEquals("HTTP 400: no message", ErrorKinds.ws(json("{\"status\": 400, \"error\": {}}"), 0).error().describe());
    // with Binance's code as the type, the status is still told, in the message
    assertEquals("-1000: HTTP 500: {\"code\":-1000}", rest(500, "{\"code\":-1000}").error().describe());
  }
}
