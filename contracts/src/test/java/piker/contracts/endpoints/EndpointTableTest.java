package piker.contracts.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.DataClient;

class EndpointTableTest {

  private static Backend backend(Set<Endpoint> endpoints) {
    return new Backend() {
      @Override
      public String name() {
        return "fake";
      }

      @Override
      public Set<Endpoint> endpoints() {
        return endpoints;
      }

      @Override
      public java.util.concurrent.CompletionStage<DataClient> openDataClient(BackendContext context) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  void eachKindServesItsOwnEndpoints() {
    assertEquals(EnumSet.of(Endpoint.STREAM_QUOTES, Endpoint.OPEN_HISTORY_CLIENT, Endpoint.OPEN_SYMBOL_SEARCH,
        Endpoint.GET_MKT_INFO, Endpoint.READ_BARS), EndpointTable.served(DaemonKind.DATAD));
    assertEquals(EnumSet.of(Endpoint.OPEN_TRADE_DIALOG, Endpoint.NORM_TRADE), EndpointTable.served(DaemonKind.BROKERD));
    assertTrue(EndpointTable.served(DaemonKind.PIKERD).isEmpty());
  }

  @Test
  void aBackendRunsOnlyWhatItImplements() {
    Backend dataOnly = backend(EnumSet.of(Endpoint.GET_CLIENT, Endpoint.STREAM_QUOTES, Endpoint.GET_MKT_INFO));
    assertEquals(EnumSet.of(Endpoint.STREAM_QUOTES, Endpoint.GET_MKT_INFO, Endpoint.READ_BARS),
        EndpointTable.endpoints(dataOnly, DaemonKind.DATAD), "plus what datad serves itself");
    assertTrue(EndpointTable.endpoints(dataOnly, DaemonKind.BROKERD).isEmpty());
    assertFalse(EndpointTable.canTrade(dataOnly), "a backend with no trade endpoint is paper-only");

    Backend trading = backend(EnumSet.of(Endpoint.OPEN_TRADE_DIALOG, Endpoint.NORM_TRADE));
    assertTrue(EndpointTable.canTrade(trading));
    assertTrue(EndpointTable.endpoints(trading, DaemonKind.DATAD).isEmpty(), "no data side, no datad at all");
  }

  @Test
  void wireNamesRoundTrip() {
    for (Endpoint endpoint : Endpoint.values()) {
      assertEquals(endpoint, Endpoint.fromWireName(endpoint.wireName()).orElseThrow());
    }
    assertTrue(Endpoint.fromWireName("rm -rf").isEmpty());
  }
}
