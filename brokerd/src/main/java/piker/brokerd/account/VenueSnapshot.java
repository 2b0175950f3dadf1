package piker.brokerd.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import piker.contracts.spi.TradeClient;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.OrderRef;
import piker.contracts.spi.TradeClient.OrderState;
import piker.contracts.spi.TradeClient.VenuePosition;

/**
 * What a reconcile reads from the venue, one request after another: open orders; positions of the markets
 * brokerd knows and the open orders' markets; trades of those and of any market the venue keeps a position
 * in; then each known order not open there, looked up by id in its market. No actor state is touched here.
 */
record VenueSnapshot(List<OrderState> open, List<VenuePosition> positions, List<NormTrade> trades,
                     Map<String, Optional<OrderState>> lookedUp) {

  /**
   * @param markets the markets (bs_fqme) brokerd knows: its ledger's and its orders'
   * @param known   each known order (by oid) as it is to be looked up
   */
  static CompletionStage<VenueSnapshot> fetch(TradeClient venue, Set<String> markets, Map<String, OrderRef> known) {
    return venue.openOrders().thenCompose(open -> {
      Set<String> asked = new TreeSet<>(markets);
      open.forEach(order -> asked.add(order.bsFqme()));
      return venue.positions(Set.copyOf(asked)).thenCompose(held -> {
        Set<String> traded = new TreeSet<>(asked);
        held.stream().filter(position -> !position.isBalance()).forEach(position -> traded.add(position.bsFqme()));
        return venue.trades(Set.copyOf(traded)).thenCompose(trades -> lookUp(venue, known, open)
            .thenApply(looked -> new VenueSnapshot(open, held, trades, looked)));
      });
    });
  }

  private static CompletionStage<Map<String, Optional<OrderState>>> lookUp(
      TradeClient venue, Map<String, OrderRef> known, List<OrderState> open) {
    Map<String, Optional<OrderState>> found = new LinkedHashMap<>();
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (Map.Entry<String, OrderRef> order : known.entrySet()) {
      String oid = order.getKey();
      boolean isOpen = open.stream().anyMatch(state -> oid.equals(ClientIds.oidOf(state.clientId()))
          || state.orderId().equals(order.getValue().venueOrderId()));
      if (!isOpen) {
        chain = chain.thenCompose(done -> venue.order(order.getValue())
            .thenCompose(state -> latest(venue, oid, state))
            .thenAccept(state -> found.put(oid, state)));
      }
    }
    return chain.thenApply(done -> found);
  }

  /**
   * An order found ended may have gone on under a later replacement (a modify whose ack was lost):
   * its next client ids are asked for, in its market, until the venue knows none.
   */
  static CompletionStage<Optional<OrderState>> latest(TradeClient venue, String oid, Optional<OrderState> found) {
    if (found.isEmpty() || found.get().isOpen() || !oid.equals(ClientIds.oidOf(found.get().clientId()))) {
      return CompletableFuture.completedFuture(found);
    }
    String next = ClientIds.of(oid, ClientIds.replacementOf(found.get().clientId()) + 1);
    return venue.order(OrderRef.byClientId(found.get().bsFqme(), next)).thenCompose(later -> later.isPresent()
        ? latest(venue, oid, later) : CompletableFuture.completedFuture(found));
  }
}
