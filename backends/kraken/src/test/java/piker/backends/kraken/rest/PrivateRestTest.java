package piker.backends.kraken.rest;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
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

  /** A key with 2FA on its API: every private call carries its password as {@code otp}, signed with the body. */
  @Test
  void aKeyWithAnApiPasswordSendsItAsOtpInEveryPrivateCall() throws Exception {
    try (KrakenFake fake = KrakenFake.start(KrakenFake.Options.quick())) {
      String secret = KrakenFakeDriver.newSecret();
      fake.addKey("otp-key", secret);
      fake.requireOtp("otp-key", "hunter2 & more");
      Nonces nonces = new Nonces(() -> System.currentTimeMillis() * 1000, dir.resolve("kraken-nonce"));
      KeyBudget budget = new KeyBudget(KeyBudget.Tier.PRO);
      PrivateRest without = new PrivateRest(HttpClient.newHttpClient(), fake.restUrl(),
          RequestSigner.of("otp-key", secret), nonces, budget, Duration.ofSeconds(5), Runnable::run);
      ExecutionException refused = assertThrows(ExecutionException.class,
          () -> without.call("Balance", List.of()).get(10, TimeUnit.SECONDS));
      assertTrue(refused.getCause().getMessage().contains("EGeneral:Permission denied"), refused.getMessage());
      PrivateRest with = new PrivateRest(HttpClient.newHttpClient(), fake.restUrl(),
          RequestSigner.of("otp-key", secret).withOtp("hunter2 & more"), nonces, budget, Duration.ofSeconds(5),
          Runnable::run);
      assertTrue(with.call("Balance", List.of()).get(10, TimeUnit.SECONDS).isObject());
    }
  }
}
