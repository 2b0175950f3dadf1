package piker.backends.kraken.rest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.kraken.KrakenFakeDriver;
import piker.backends.kraken.fake.KrakenFake;

/** Private calls as Kraken reads them: the fake takes a body only under the documented Content-Type. */
class PrivateRestTest {
  @TempDir
  Path dir;

  @Test
  void aPrivateCallGoesOutUnderExactlyTheFormContentType() throws Exception {
    try (KrakenFake fake = KrakenFake.start(KrakenFake.Options.quick())) {
      String secret = KrakenFakeDriver.newSecret();
      fake.addKey("form-key", secret);
      PrivateRest rest = new PrivateRest(HttpClient.newHttpClient(), fake.restUrl(),
          RequestSigner.of("form-key", secret), new Nonces(() -> System.currentTimeMillis() * 1000,
          dir.resolve("kraken-nonce")), new KeyBudget(KeyBudget.Tier.PRO), Duration.ofSeconds(5), Runnable::run);
      // a charset parameter (or any other type) is refused by the fake: the balance arrives only under the exact one
      assertTrue(rest.call("Balance", List.of()).get(10, TimeUnit.SECONDS).isObject());
    }
  }
}
