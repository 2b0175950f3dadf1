package piker.backends.kraken.trade;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import piker.backends.kraken.exchange.KrakenMarkets;
import piker.backends.kraken.fake.KrakenFake;
import piker.backends.kraken.rest.KrakenRest;

class PairsTest {
  @Test
  void aRereadThatFailsKeepsTheLastGoodReadingForEvents() throws Exception {
    try (KrakenFake fake = KrakenFake.start(KrakenFake.Options.quick())) {
      AtomicLong clock = new AtomicLong(1_000_000);
      Pairs pairs = new Pairs(new KrakenRest(fake.restUrl(), HttpClient.newHttpClient()), clock::get);
      KrakenMarkets first = pairs.markets().get(10, TimeUnit.SECONDS);
      clock.addAndGet(Pairs.REREAD_AFTER_MS + 1);
      fake.failNextPublic("EService:Unavailable");
      java.util.concurrent.CompletableFuture<?> reread = pairs.pair("nosuchcoin.spot");
      assertSame(first, pairs.now(), "the last good reading while the new one is under way");
      assertTrue(reread.handle((ok, error) -> error != null).get(10, TimeUnit.SECONDS), "the reread failed");
      assertSame(first, pairs.now(), "and after it failed");
      assertNotNull(pairs.now().bySymbol("BTC/USD").orElse(null), "fills still find XXBTZUSD");
      assertSame(first, pairs.markets().get(10, TimeUnit.SECONDS));
    }
  }
}
