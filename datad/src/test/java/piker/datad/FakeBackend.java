package piker.datad;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.DataClient;

/** A backend named "fake" whose data side is one {@link FakeDataClient}. */
final class FakeBackend implements Backend {
  final FakeDataClient client = new FakeDataClient();

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public Set<Endpoint> endpoints() {
    return EnumSet.of(Endpoint.STREAM_QUOTES, Endpoint.GET_MKT_INFO, Endpoint.OPEN_SYMBOL_SEARCH,
        Endpoint.OPEN_HISTORY_CLIENT);
  }

  @Override
  public CompletionStage<DataClient> openDataClient(BackendContext context) {
    return CompletableFuture.completedFuture(client);
  }
}
