package piker.backends.kraken.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.kraken.KrakenFakeDriver;
import piker.backends.kraken.fake.KrakenFake;
import piker.contracts.ErrorKind;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

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

  /**
   * A call that got no answer names its failure by class, never "()": an anonymous exception (its simple name is
   * empty) by the class it extends. The failure's message stays out, as anything of the request does.
   */
  @Test
  void noAnswerNamesTheFailureEvenWhenItsClassIsAnonymous() throws Exception {
    IOException anonymous = new IOException() { };
    PrivateRest rest = new PrivateRest(new FailingHttpClient(anonymous), URI.create("http://127.0.0.1:9"),
        RequestSigner.of("any-key", KrakenFakeDriver.newSecret()), new Nonces(() -> System.currentTimeMillis() * 1000,
        dir.resolve("kraken-nonce")), new KeyBudget(KeyBudget.Tier.PRO), Duration.ofSeconds(5), Runnable::run);

    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> rest.call("OpenOrders", List.of()).get(10, TimeUnit.SECONDS));

    RemoteError error = ((RemoteException) failed.getCause()).error();
    assertTrue(ErrorKind.VENUE_DISCONNECTED.is(error), error.describe());
    assertEquals("OpenOrders: no answer from kraken (IOException); whether it took effect is unknown", error.message());
    assertFalse(error.describe().contains("()"), error.describe());
    assertEquals("ConnectException", PrivateRest.failureName(new java.net.ConnectException()));
  }

  /** A client whose every request fails with {@code failure}, as the JDK's does when the connection is lost. */
  private static final class FailingHttpClient extends HttpClient {
    private final Throwable failure;

    FailingHttpClient(Throwable failure) {
      this.failure = failure;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      return CompletableFuture.failedFuture(failure);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromises) {
      return sendAsync(request, handler);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
      throw new IOException(failure);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return Optional.empty();
    }

    @Override
    public Redirect followRedirects() {
      return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
      return null;
    }

    @Override
    public SSLParameters sslParameters() {
      return null;
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return Optional.empty();
    }

    @Override
    public Version version() {
      return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
      return Optional.empty();
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
