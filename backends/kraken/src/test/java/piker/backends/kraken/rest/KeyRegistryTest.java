package piker.backends.kraken.rest;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRegistryTest {
  @TempDir
  Path dir;

  @Test
  void clientsOfOneKeyInOneBackendShareItsNoncesAndBudgetAndAnotherBackendHasItsOwn() throws Exception {
    KeyRegistry backend = new KeyRegistry(Runnable::run);
    String key = "key-" + System.nanoTime();
    Nonces nonces = backend.nonces(key, dir);
    assertSame(nonces, backend.nonces(key, dir));
    assertSame(backend.budget(key, KeyBudget.Tier.PRO), backend.budget(key, KeyBudget.Tier.PRO));
    assertSame(backend.budget(key, KeyBudget.Tier.PRO), backend.budget(key, KeyBudget.Tier.STARTER),
        "one key has one counter: a later tier is warned about, not a second counter");
    assertNotSame(nonces, backend.nonces("other-" + key, dir));
    KeyRegistry another = new KeyRegistry(Runnable::run);
    assertNotSame(nonces, another.nonces(key, dir), "no state shared across backend instances");
    long a = nonces.next();
    assertTrue(backend.nonces(key, dir).next() > a);
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(file -> file.getFileName().toString().contains(key)), "the file never names the key");
    }
  }

  @Test
  void aPrivateCallTakesItsNonceOnTheIoExecutorNeverTheCallersThread() throws Exception {
    ExecutorService io = java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> new Thread(runnable,
        "test-io"));
    try {
      CompletableFuture<String> nonceThread = new CompletableFuture<>();
      Nonces nonces = new Nonces(() -> {
        nonceThread.complete(Thread.currentThread().getName());
        return 1L;
      }, dir.resolve("kraken-nonce-io"));
      PrivateRest rest = new PrivateRest(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:9"),
          RequestSigner.of("k", java.util.Base64.getEncoder().encodeToString(new byte[64])), nonces,
          new KeyBudget(KeyBudget.Tier.PRO), Duration.ofSeconds(5), io);
      rest.call("Balance", List.of()); // fails (nothing listens); the nonce was taken first
      assertTrue("test-io".equals(nonceThread.get(5, TimeUnit.SECONDS)), "taken on " + nonceThread.join());
    } finally {
      io.shutdownNow();
    }
  }
}
