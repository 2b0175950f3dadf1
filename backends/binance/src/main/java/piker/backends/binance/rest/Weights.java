package piker.backends.binance.rest;

import java.util.Collection;

/**
 * The documented REQUEST_WEIGHT of the REST requests we send (docs/venues/binance.md 4.3), counted before
 * sending; each reply's X-MBX-USED-WEIGHT-1M corrects the count, so an unlisted request's 1 is only a guess.
 */
public final class Weights {
  private Weights() {}

  /** The weight of {@code method path} carrying the named parameters. */
  public static int of(String method, String path, Collection<String> params) {
    return switch (method + " " + path) {
      case "GET /api/v3/exchangeInfo", "GET /api/v3/allOrders", "GET /api/v3/account" -> 20;
      case "GET /api/v3/order" -> 4;
      case "GET /api/v3/openOrders" -> params.contains("symbol") ? 6 : 80;
      case "GET /api/v3/myTrades" -> params.contains("orderId") ? 5 : 20;
      case "GET /api/v3/rateLimit/order" -> 40;
      case "GET /api/v3/klines", "GET /api/v3/ticker/bookTicker", "GET /api/v3/ticker/price" ->
          params.contains("symbol") ? 2 : 4;
      default -> 1; // time, ping; an order or cancel: 1, 0 once accepted (the header says so)
    };
  }

  /** Placing or cancelling: never held by the soft cap (13.3). */
  public static boolean isOrder(String method, String path) {
    return path.equals("/api/v3/order") && (method.equals("POST") || method.equals("DELETE"));
  }
}
