package piker.backends.kraken.trade;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import piker.backends.kraken.exchange.KrakenMarkets;
import piker.backends.kraken.exchange.KrakenPair;
import piker.backends.kraken.rest.KrakenRest;
import piker.backends.kraken.rest.PrivateRest;
import piker.contracts.RemoteException;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderState;
import piker.contracts.spi.TradeClient.VenuePosition;

/**
 * The account as private REST tells it, for reconciliation (docs/venues/kraken.md 6.8-6.10, 12.4-12.6):
 * {@code OpenOrders}, {@code QueryOrders} and {@code ClosedOrders} for orders, {@code QueryOrders(trades=true)} then
 * {@code QueryTrades} for one order's trades, {@code TradesHistory} (50 a page, account-wide) for trades,
 * {@code BalanceEx} for positions. REST decimals are strings, times seconds with a fraction.
 */
final class AccountReads {
  /**
   * Kraken's answers for a txid it has no order for: the docs we read name none, so both spellings of the
   * {@code EOrder} family that say so are taken (the fake answers the first).
   */
  static final java.util.Set<String> UNKNOWN_ORDER = java.util.Set.of("EOrder:Unknown order", "EOrder:Invalid order");
  /** TradesHistory pages read at most (50 each, cost 2 each): the 300 newest trades of the account. */
  static final int MAX_TRADE_PAGES = 6;
  private static final int PAGE = 50;
  /** ClosedOrders pages read at most when looking for a {@code cl_ord_id} (50 each, cost 2 each). */
  static final int MAX_CLOSED_PAGES = 10;
  /** How far back a {@code cl_ord_id} is looked for among closed orders (docs/venues/kraken.md 12.5). */
  static final long CLOSED_LOOKBACK_SECONDS = 24 * 3600;

  private final PrivateRest rest;
  private final Supplier<CompletableFuture<KrakenMarkets>> markets;
  private final ClientIds clientIds;
  private final Function<String, String> clOrdIdOfOrder;

  AccountReads(PrivateRest rest, Supplier<CompletableFuture<KrakenMarkets>> markets, ClientIds clientIds,
               Function<String, String> clOrdIdOfOrder) {
    this.rest = rest;
    this.markets = markets;
    this.clientIds = clientIds;
    this.clOrdIdOfOrder = clOrdIdOfOrder;
  }

  /** The open orders, oldest first. */
  CompletableFuture<List<OrderState>> openOrders() {
    return markets.get().thenCompose(known -> rest.call("OpenOrders", List.of())
        .thenApply(result -> sorted(orders(result.path("open"), known))));
  }

  /** An order by its txid; empty when Kraken has none. */
  CompletableFuture<Optional<OrderState>> byTxid(String txid) {
    return markets.get().thenCompose(known -> rest.call("QueryOrders", List.of(Map.entry("txid", txid)))
        .thenApply(result -> orders(result, known).stream().findFirst())
        .exceptionallyCompose(error -> unknownOrder(error)
            ? CompletableFuture.completedFuture(Optional.<OrderState>empty()) : CompletableFuture.failedFuture(error)));
  }

  /**
   * An order by its {@code cl_ord_id}: among the open orders, else the closed ones of the last 24 h, newest first
   * ({@link #MAX_CLOSED_PAGES} pages at most). Kraken keeps a {@code cl_ord_id} unique among open orders only, and
   * ours never repeat, so the first match is the order.
   */
  CompletableFuture<Optional<OrderState>> byClOrdId(String clOrdId) {
    long since = System.currentTimeMillis() / 1000 - CLOSED_LOOKBACK_SECONDS;
    return markets.get().thenCompose(known -> rest.call("OpenOrders", List.of())
        .thenCompose(open -> {
          Optional<OrderState> found = matching(open.path("open"), clOrdId, known);
          return found.isPresent() ? CompletableFuture.completedFuture(found) : closedPage(clOrdId, known, since, 0);
        }));
  }

  private CompletableFuture<Optional<OrderState>> closedPage(String clOrdId, KrakenMarkets known, long since, int page) {
    return rest.call("ClosedOrders", List.of(Map.entry("ofs", Integer.toString(page * PAGE)),
        Map.entry("start", Long.toString(since)))).thenCompose(result -> {
          JsonNode closed = result.path("closed");
          Optional<OrderState> found = matching(closed, clOrdId, known);
          boolean more = found.isEmpty() && closed.size() > 0 && (page + 1) * (long) PAGE < result.path("count").asLong(0)
              && page + 1 < MAX_CLOSED_PAGES && !olderThan(closed, since);
          return more ? closedPage(clOrdId, known, since, page + 1) : CompletableFuture.completedFuture(found);
        });
  }

  /** Whether a page (newest first) reached orders closed before {@code since} (epoch seconds). */
  private static boolean olderThan(JsonNode orders, long since) {
    for (JsonNode order : orders) {
      BigDecimal closed = Decimals.decimal(order, "closetm");
      if (closed != null && closed.longValue() < since) {
        return true;
      }
    }
    return false;
  }

  private Optional<OrderState> matching(JsonNode orders, String clOrdId, KrakenMarkets known) {
    for (Iterator<Map.Entry<String, JsonNode>> it = orders.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (clOrdId.equals(entry.getValue().path("cl_ord_id").asText())) {
        return order(entry.getKey(), entry.getValue(), known);
      }
    }
    return Optional.empty();
  }

  /** One order's trades, oldest first: its trade ids from QueryOrders, then QueryTrades (20 ids a call at most). */
  CompletableFuture<List<NormTrade>> orderTrades(String txid) {
    return markets.get().thenCompose(known -> rest.call("QueryOrders", List.of(Map.entry("txid", txid),
        Map.entry("trades", "true"))).thenCompose(result -> {
          List<String> ids = new ArrayList<>();
          result.path(txid).path("trades").forEach(id -> ids.add(id.asText()));
          CompletableFuture<List<NormTrade>> all = CompletableFuture.completedFuture(new ArrayList<>());
          for (int from = 0; from < ids.size(); from += 20) {
            String batch = String.join(",", ids.subList(from, Math.min(ids.size(), from + 20)));
            all = all.thenCompose(so -> rest.call("QueryTrades", List.of(Map.entry("txid", batch))).thenApply(found -> {
              so.addAll(trades(found, known));
              return so;
            }));
          }
          return all.thenApply(AccountReads::oldestFirst);
        }));
  }

  /** The account's newest trades in every market (TradesHistory is account-wide), oldest first. */
  CompletableFuture<List<NormTrade>> trades() {
    return markets.get().thenCompose(known -> page(known, 0, new ArrayList<>())).thenApply(AccountReads::oldestFirst);
  }

  private CompletableFuture<List<NormTrade>> page(KrakenMarkets known, int page, List<NormTrade> so) {
    return rest.call("TradesHistory", List.of(Map.entry("ofs", Integer.toString(page * PAGE)))).thenCompose(result -> {
      List<NormTrade> trades = trades(result.path("trades"), known);
      so.addAll(trades);
      long count = result.path("count").asLong(0);
      boolean more = !trades.isEmpty() && (page + 1) * (long) PAGE < count && page + 1 < MAX_TRADE_PAGES;
      return more ? page(known, page + 1, so) : CompletableFuture.completedFuture(so);
    });
  }

  /** Each market asked, with its base asset's balance (BalanceEx {@code balance}: free and held). */
  CompletableFuture<List<VenuePosition>> positions(Set<String> bsFqmes) {
    return markets.get().thenCompose(known -> rest.call("BalanceEx", List.of()).thenApply(balances -> {
      List<VenuePosition> positions = new ArrayList<>();
      for (String bsFqme : bsFqmes) {
        known.find(bsFqme).ifPresent(pair -> {
          BigDecimal balance = Decimals.decimal(balances.path(pair.base()), "balance");
          positions.add(new VenuePosition(pair.bsFqme(), balance == null ? BigDecimal.ZERO : balance,
              pair.pair().dst().name()));
        });
      }
      return positions;
    }));
  }

  private List<OrderState> orders(JsonNode byTxid, KrakenMarkets known) {
    List<OrderState> orders = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = byTxid.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      order(entry.getKey(), entry.getValue(), known).ifPresent(orders::add);
    }
    return orders;
  }

  /** An order info object; empty when its pair is not one we list or its status is unknown. */
  Optional<OrderState> order(String txid, JsonNode info, KrakenMarkets known) {
    JsonNode descr = info.path("descr");
    Optional<KrakenPair> pair = known.find(descr.path("pair").asText());
    String status = Executions.status(info.path("status").asText());
    BigDecimal size = Decimals.decimal(info, "vol");
    BigDecimal filled = Decimals.decimal(info, "vol_exec");
    if (pair.isEmpty() || status == null || size == null) {
      return Optional.empty();
    }
    filled = filled == null ? BigDecimal.ZERO : filled;
    String clOrdId = Decimals.text(info, "cl_ord_id");
    return Optional.of(new OrderState(txid, clientIds.ourId(clOrdId), pair.get().bsFqme(), descr.path("type").asText(),
        Decimals.decimal(descr, "price"), size, filled, size.subtract(filled), status, Decimals.secondsNs(info, "opentm")));
  }

  private List<NormTrade> trades(JsonNode byTxid, KrakenMarkets known) {
    List<NormTrade> trades = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = byTxid.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode info = entry.getValue();
      known.find(info.path("pair").asText()).ifPresent(pair -> {
        String orderId = info.path("ordertxid").asText();
        trades.add(new NormTrade(entry.getKey(), orderId, clientIds.ourId(clOrdIdOfOrder.apply(orderId)),
            pair.bsFqme(), pair.key(), info.path("type").asText(), Decimals.decimal(info, "price"),
            Decimals.decimal(info, "vol"), Decimals.decimal(info, "fee"), Decimals.secondsNs(info, "time")));
      });
    }
    return trades;
  }

  private static List<OrderState> sorted(List<OrderState> orders) {
    orders.sort(Comparator.comparingLong(OrderState::timeNs));
    return orders;
  }

  private static List<NormTrade> oldestFirst(List<NormTrade> trades) {
    trades.sort(Comparator.comparingLong(NormTrade::timeNs).thenComparing(NormTrade::tradeId));
    return trades;
  }

  static boolean unknownOrder(Throwable error) {
    return KrakenRest.cause(error) instanceof RemoteException refused
        && UNKNOWN_ORDER.contains(refused.error().type());
  }
}
