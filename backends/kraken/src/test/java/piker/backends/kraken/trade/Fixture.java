package piker.backends.kraken.trade;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import piker.backends.kraken.KrakenBackend;
import piker.backends.kraken.KrakenSettings;
import piker.backends.kraken.KrakenFakeDriver;
import piker.backends.kraken.fake.KrakenFake;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.TradeClient;

/** Trade clients opened on a fake as brokerd opens them, fees off and a BTC/USD book set (59990.0 / 60000.0). */
final class Fixture {
  private final KrakenFake fake;
  private final Path stateDir;

  Fixture(KrakenFake fake, Path stateDir) {
    this.fake = fake;
    this.stateDir = stateDir;
    fake.feeFree(true);
    fake.book("BTC/USD", "59990.0", "1", "60000.0", "0.5");
  }

  /** A fresh key on the fake: {@code [key, secret]}. */
  String[] newKey() {
    String key = "test-key-" + System.nanoTime();
    String secret = KrakenFakeDriver.newSecret();
    fake.addKey(key, secret);
    return new String[] {key, secret};
  }

  CompletionStage<TradeClient> open(Map<String, String> credentials, long cancelAfterSeconds, Events events) {
    Map<String, Object> config = new HashMap<>(Map.of(KrakenSettings.REST_URL, fake.restUrl().toString(),
        KrakenSettings.WS_URL, fake.wsUrl().toString(), KrakenSettings.WS_AUTH_URL, fake.wsAuthUrl().toString()));
    config.put(KrakenSettings.CANCEL_AFTER, cancelAfterSeconds);
    return new KrakenBackend().openTradeClient(new BackendContext(RuntimeSettings.of(stateDir), config),
        new Credentials(credentials), "main", events);
  }

  TradeClient login(String[] key, long cancelAfterSeconds, Events events) {
    return await(open(Map.of("api_key", key[0], "api_secret", key[1]), cancelAfterSeconds, events));
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(Events.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("failed: " + e, e);
    }
  }

  static RemoteError refusal(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(Events.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a refusal");
    } catch (ExecutionException e) {
      return assertInstanceOf(RemoteException.class, e.getCause()).error();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Waits (polling, an awaitAssert) until {@code holds} is true, or fails after {@link Events#PATIENCE}. */
  static void eventually(java.util.function.BooleanSupplier holds, String what) {
    long deadline = System.nanoTime() + Events.PATIENCE.toNanos();
    while (!holds.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + Events.PATIENCE.toSeconds() + " s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
  }
}
