package piker.contracts.spi;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import piker.contracts.endpoints.Endpoint;

/**
 * A broker or venue backend, found through {@link java.util.ServiceLoader}. It declares the
 * endpoints it implements; the endpoint table decides from that which daemons it can run. The data
 * side goes to datad only, the trade side to brokerd only: a backend never hands one to the other.
 */
public interface Backend {

  /** Lower-case name, the last part of every fqme it serves. */
  String name();

  /** The endpoints this backend implements. */
  Set<Endpoint> endpoints();

  /**
   * The keys of its conf.toml section {@code [<name>]}; pikerd refuses any other key there (and a value
   * of the wrong type) when it starts and whenever it reads the file again. None by default.
   */
  default SettingsSchema settingsSchema() {
    return SettingsSchema.none();
  }

  /**
   * Starts what the backend needs running beside its daemons (an embedded venue, a gateway); pikerd
   * calls it once, on the backend's first use, off the caller's thread.
   */
  default CompletionStage<BackendRuntime> startRuntime(BackendContext context) {
    return CompletableFuture.completedFuture(BackendRuntime.none());
  }

  /** The data side, opened by datad. Only called when the backend declares datad endpoints. */
  CompletionStage<DataClient> openDataClient(BackendContext context);

  /**
   * The trade side for one venue account, opened by brokerd with the credentials it alone reads:
   * completes once logged in, or fails with the venue's refusal (an invalid key). Only called when the
   * backend declares {@code open_trade_dialog}.
   */
  default CompletionStage<TradeClient> openTradeClient(BackendContext context, Credentials credentials,
                                                       String venueAccount, TradeClient.TradeListener listener) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(name()
        + " has no trade side: its accounts are paper-only"));
  }
}
