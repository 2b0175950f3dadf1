package piker.contracts.daemon;

import java.util.concurrent.CompletionStage;
import piker.contracts.Payload;

/** A request/response endpoint. A thrown or failed result reaches the caller as a boxed error. */
@FunctionalInterface
public interface CallEndpoint {
  CompletionStage<? extends Payload> call(Payload request);
}
