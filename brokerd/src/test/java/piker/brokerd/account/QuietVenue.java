package piker.brokerd.account;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import piker.contracts.market.MktPair;
import piker.contracts.spi.TradeClient;
import piker.contracts.testkit.Markets;

/** A scripted venue for trader tests: nothing open, traded or held, BTC's details; a test overrides what it scripts. */
abstract class QuietVenue implements TradeClient {
  @Override
  public String venueAccount() {
    return "A-1";
  }

  @Override
  public CompletionStage<OrderState> cancel(String venueOrderId) {
    return CompletableFuture.failedFuture(new IllegalStateException("not scripted"));
  }

  @Override
  public CompletionStage<Optional<OrderState>> order(OrderRef order) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  @Override
  public CompletionStage<List<OrderState>> openOrders() {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<List<NormTrade>> trades(Set<String> bsFqmes) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<List<NormTrade>> orderTrades(OrderRef order) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<List<VenuePosition>> positions(Set<String> bsFqmes) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<MktPair> market(String bsFqme) {
    return CompletableFuture.completedFuture(Markets.BTC_MKT);
  }

  @Override
  public void close() {}
}
