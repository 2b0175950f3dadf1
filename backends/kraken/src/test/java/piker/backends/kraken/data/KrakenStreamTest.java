package piker.backends.kraken.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piker.backends.kraken.KrakenSettings;
import piker.backends.kraken.fake.KrakenFake;
import piker.contracts.spi.DataClient.QuoteSubscription;

/** The public stream: many pairs on one connection, reconnect restoring them, no trade twice, missed ones once. */
class KrakenStreamTest {
  private KrakenFake fake;
  private KrakenDataClient client;

  @BeforeEach
  void start() throws Exception {
    fake = KrakenFake.start(KrakenFake.Options.quick());
    client = KrakenDataClient.open(new KrakenSettings(fake.restUrl(), fake.wsUrl(), fake.wsAuthUrl(),
        Duration.ZERO)).get();
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  @Test
  void manyPairsShareOneConnectionAndAReconnectRestoresThemWithEveryTradeOnce() throws Exception {
    Collector quotes = new Collector();
    try (QuoteSubscription ignored = client.subscribe(Set.of("btcusd.spot", "ethusd.spot", "ethbtc.spot",
        "solusd.spot"), quotes)) {
      for (String key : Set.of("btcusd", "ethusd", "ethbtc", "solusd")) {
        quotes.await(quote -> quote.fqme().pair().equals(key) && quote.ticks().isEmpty(), "startup quote of " + key);
      }
      assertEquals(1, fake.publicConnectionCount(), "one connection carries every pair");
      fake.trade("BTC/USD", "60001.1", "0.5");
      quotes.await(Collector.trade("60001.1"), "the trade before the drop");

      fake.dropPublicConnections();
      fake.trade("BTC/USD", "60001.2", "0.5"); // while the client is away (or just back): delivered once either way
      quotes.await(Collector.trade("60001.2"), "the trade the drop missed, from the trade snapshot");
      fake.trade("ETH/USD", "3001.01", "0.5");
      quotes.await(Collector.trade("3001.01"), "a trade on another pair after the reconnect");
      quotes.nextError(); // the drop was told

      assertEquals(1, quotes.trades("60001.1"), "the trade before the drop, once");
      assertEquals(1, quotes.trades("60001.2"), "the missed trade, once");
      assertTrue(quotes.trades("60000.0") == 0, "history in the snapshots is never a tick");
      assertEquals(1, fake.publicConnectionCount());
    }
  }
}
