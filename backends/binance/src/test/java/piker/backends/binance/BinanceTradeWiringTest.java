package piker.backends.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.backends.binance.fake.BinanceFake;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.TradeClient;

/** brokers.toml [binance] to a logged-in trade client: HMAC, an Ed25519 key file, and every refusal in words. */
class BinanceTradeWiringTest {
  private static final String SECRET_LOOKING = "Zq9secretZq9secretZq9secretZq9secretZq9secretZq9secretZq9secret00";
  private static final TradeClient.TradeListener IGNORED = new TradeClient.TradeListener() {
    @Override
    public void onOrder(TradeClient.OrderState order) {}

    @Override
    public void onFill(TradeClient.NormTrade trade) {}

    @Override
    public void onDisconnected(RemoteError error) {}

    @Override
    public void onReconnected() {}
  };

  @TempDir
  Path configDir;
  private final BinanceBackend backend = new BinanceBackend();
  private BinanceFake fake;
  private BackendContext context;

  @BeforeEach
  void start() {
    fake = BinanceFake.start(BinanceFake.Options.quick());
    context = new BackendContext(RuntimeSettings.of(configDir), Map.of("rest_url", fake.restUrl().toString(),
        "stream_url", fake.streamUrl().toString(), "ws_api_url", fake.wsApiUrl().toString()));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private CompletionStage<TradeClient> open(Map<String, String> fields) {
    return backend.openTradeClient(context, new Credentials(fields), "main", IGNORED);
  }

  private static RemoteError refusal(CompletionStage<?> stage) {
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
    return assertInstanceOf(RemoteException.class, failed.getCause()).error();
  }

  @Test
  void anHmacKeyLogsInAtTheConfiguredHost() throws Exception {
    try (TradeClient client = open(Map.of("api_key", BinanceFake.DOCS_API_KEY, "api_secret", BinanceFake.DOCS_SECRET))
        .toCompletableFuture().get(10, TimeUnit.SECONDS)) {
      assertEquals("main", client.venueAccount());
    }
  }

  @Test
  void anEd25519KeyFileBesideBrokersTomlLogsIn() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    fake.addEd25519Key("ed-key", pair.getPublic());
    Path pem = configDir.resolve("binance-ed25519.pem");
    Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
    try (TradeClient client = open(Map.of("api_key", "ed-key", "api_secret", "binance-ed25519.pem"))
        .toCompletableFuture().get(10, TimeUnit.SECONDS)) {
      assertEquals("main", client.venueAccount());
    }
  }

  @Test
  void missingFieldsAreRefusedNamingBrokersTomlWithoutQuotingValues() {
    RemoteError noKey = refusal(open(Map.of("api_secret", SECRET_LOOKING)));
    assertEquals("CredentialsRefused", noKey.type());
    assertEquals("brokers.toml [binance] has no api_key", noKey.message());
    RemoteError noSecret = refusal(open(Map.of("api_key", "key-of-mine")));
    assertEquals("CredentialsRefused", noSecret.type());
    assertTrue(noSecret.message().startsWith("brokers.toml [binance] has no api_secret"), noSecret.message());
    assertFalse(noSecret.message().contains("key-of-mine"), noSecret.message());
    assertFalse(noKey.message().contains(SECRET_LOOKING), noKey.message());
  }

  @Test
  void aKeyFileThatIsMissingOpenToOthersOrNotAKeyIsRefusedInWords() throws Exception {
    RemoteError missing = refusal(open(Map.of("api_key", "k", "api_secret", "./absent.pem")));
    assertEquals("brokers.toml [binance] api_secret names a key file that cannot be read: "
        + configDir.resolve("./absent.pem") + " (NoSuchFileException)", missing.message());

    Path open = configDir.resolve("open.pem");
    Files.writeString(open, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    assertTrue(refusal(open(Map.of("api_key", "k", "api_secret", open.toString()))).message()
        .contains("group or others may read or write"));

    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-------"));
    RemoteError notAKey = refusal(open(Map.of("api_key", "k", "api_secret", open.toString())));
    assertEquals("CredentialsRefused", notAKey.type());
    assertTrue(notAKey.message().contains("not an unencrypted PKCS#8 PEM Ed25519 private key"), notAKey.message());
    assertFalse(notAKey.message().contains("bm90IGEga2V5"), notAKey.message());
  }

  @Test
  void aWrongSecretFailsAtLoginWithBinancesWordsAndNeitherKeyNorSecret() {
    RemoteError refused = refusal(open(Map.of("api_key", BinanceFake.DOCS_API_KEY, "api_secret", SECRET_LOOKING)));
    assertEquals("InvalidKey", refused.type());
    assertTrue(refused.message().contains("-1022"), refused.message());
    String shown = refused.describe() + " " + refused.toException().getMessage();
    assertFalse(shown.contains(BinanceFake.DOCS_API_KEY), shown);
    assertFalse(shown.contains(SECRET_LOOKING), shown);
  }

  @Test
  void onlyPathsAreTakenForKeyFiles() {
    assertFalse(BinanceKeys.isKeyFile(BinanceFake.DOCS_SECRET));
    assertTrue(BinanceKeys.isKeyFile("/etc/piker/binance.pem"));
    assertTrue(BinanceKeys.isKeyFile("~/keys/binance"));
    assertTrue(BinanceKeys.isKeyFile("binance-ed25519.PEM"));
    assertEquals(Path.of(System.getProperty("user.home"), "keys", "b.pem"),
        BinanceKeys.keyFile("~/keys/b.pem", configDir));
  }
}
