package piker.e2e.support;

import java.util.EnumSet;
import java.util.Set;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.DataClient;

/**
 * A data-only backend installed on the test class path through ServiceLoader, to show that
 * discovery and the endpoint table work end to end. It opens nothing.
 */
public final class ProbeBackend implements Backend {
  @Override
  public String name() {
    return "probe";
  }

  @Override
  public Set<Endpoint> endpoints() {
    return EnumSet.of(Endpoint.GET_CLIENT, Endpoint.STREAM_QUOTES, Endpoint.GET_MKT_INFO);
  }

  @Override
  public java.util.concurrent.CompletionStage<DataClient> openDataClient(BackendContext context) {
    throw new UnsupportedOperationException("the probe backend has no data");
  }
}
