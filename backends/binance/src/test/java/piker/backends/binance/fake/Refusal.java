package piker.backends.binance.fake;

/** A request the fake refuses: the HTTP status (REST) or envelope status (WS API), Binance's code and msg. */
final class Refusal extends RuntimeException {
  final int status;
  final int code;

  Refusal(int status, int code, String msg) {
    super(msg, null, false, false);
    this.status = status;
    this.code = code;
  }

  static Refusal badRequest(int code, String msg) {
    return new Refusal(400, code, msg);
  }

  static Refusal invalidSymbol() {
    return badRequest(-1121, "Invalid symbol.");
  }

  static Refusal mandatory(String name) {
    return badRequest(-1102, "Mandatory parameter '" + name + "' was not sent, was empty/null, or malformed.");
  }

  static Refusal filter(String name) {
    return badRequest(-1013, "Filter failure: " + name);
  }
}
