package piker.brokerd.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.spi.Credentials;

class BrokersFileTest {
  private static final String KEY = "simkey-SECRET-0123";
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  @TempDir Path dir;

  private Path write(String toml, String perms) throws IOException {
    return write(toml.getBytes(StandardCharsets.UTF_8), perms);
  }

  private Path write(byte[] bytes, String perms) throws IOException {
    Path file = dir.resolve(BrokersFile.FILE);
    Files.write(file, bytes);
    if (POSIX) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    }
    return file;
  }

  private CredentialsException refused(Map<String, String> env) {
    CredentialsException e =
        assertThrows(CredentialsException.class, () -> BrokersFile.read(dir, "sim", env));
    assertNull(e.getCause(), "no cause: a logged stack trace would print its text");
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    return e;
  }

  private CredentialsException refused() {
    return refused(Map.of());
  }

  @Test
  void missingFileMeansNoCredentials() throws Exception {
    Credentials creds = BrokersFile.read(dir, "sim", Map.of());
    assertEquals("", creds.get("api_key"));
  }

  @Test
  void privateFileGivesItsKeyAndKeepsUnknownFields() throws Exception {
    write("[sim]\napi_key = \"" + KEY + "\"\naccount_hint = \"x\"\n[other]\napi_key = \"o\"\n", "rw-------");
    Credentials creds = BrokersFile.read(dir, "sim", Map.of());
    assertEquals(KEY, creds.get("api_key"));
    assertEquals("x", creds.get("account_hint"));
    assertFalse(creds.toString().contains("SECRET"));
  }

  @Test
  void templateFileMeansNoKey() throws Exception {
    write(
        "# Broker credentials.\n\n[sim]\napi_key = \"\"       # empty: no live trading\n"
            + "                   # continued comment\n",
        "rw-------");
    assertEquals("", BrokersFile.read(dir, "sim", Map.of()).get("api_key"));
  }

  @Test
  void emptyFileOrMissingTableMeansNoCredentials() throws Exception {
    write("# nothing yet\n", "rw-------");
    assertEquals("", BrokersFile.read(dir, "sim", Map.of()).get("api_key"));
    write("[ib]\napi_key = \"" + KEY + "\"\n", "rw-------");
    assertEquals("", BrokersFile.read(dir, "sim", Map.of()).get("api_key"));
  }

  @Test
  void worldReadableFileIsRefusedWithTheFix() throws Exception {
    assumeTrue(POSIX, "permission check is POSIX only");
    Path file = write("[sim]\napi_key = \"" + KEY + "\"\n", "rw-r--r--");
    String message = refused().getMessage();
    assertTrue(message.contains("chmod 600 " + file), message);
    assertTrue(message.contains(file.toString()), message);
    assertTrue(message.contains("rw-r--r--"), message);
    assertTrue(message.contains("readable by group or others"), message);
  }

  @Test
  void groupReadableFileIsRefused() throws Exception {
    assumeTrue(POSIX, "permission check is POSIX only");
    write("[sim]\napi_key = \"" + KEY + "\"\n", "rw-r-----");
    String message = refused().getMessage();
    assertTrue(message.contains("chmod 600"), message);
    assertTrue(message.contains("rw-r-----"), message);
  }

  @Test
  void groupWritableFileIsRefused() throws Exception {
    assumeTrue(POSIX, "permission check is POSIX only");
    write("[sim]\napi_key = \"" + KEY + "\"\n", "rw--w----");
    String message = refused().getMessage();
    assertTrue(message.contains("writable by group or others"), message);
    assertTrue(message.contains("chmod 600"), message);
  }

  @Test
  void ownerOnlyReadOnlyFileIsAccepted() throws Exception {
    assumeTrue(POSIX, "permission check is POSIX only");
    write("[sim]\napi_key = \"" + KEY + "\"\n", "r--------");
    assertEquals(KEY, BrokersFile.read(dir, "sim", Map.of()).get("api_key"));
  }

  @Test
  void envOverridesTheFilePerField() throws Exception {
    write("[sim]\napi_key = \"" + KEY + "\"\nsecret = \"s\"\nregion = \"eu\"\n", "rw-------");
    Map<String, String> env =
        Map.of("PIKER_SIM_API_KEY", "simkey-fromenv", "PIKER_SIM_SECRET", "", "PIKER_OTHER_REGION", "us");
    Credentials creds = BrokersFile.read(dir, "sim", env);
    assertEquals("simkey-fromenv", creds.get("api_key"));
    assertEquals("", creds.get("secret"), "an empty env value means empty");
    assertEquals("eu", creds.get("region"), "another broker's variable does not apply");
  }

  @Test
  void envGivesTheApiKeyWithoutAFile() throws Exception {
    Map<String, String> env = Map.of("PIKER_SIM_API_KEY", "simkey-fromenv", "PIKER_SIM_REGION", "eu");
    Credentials creds = BrokersFile.read(dir, "sim", env);
    assertEquals("simkey-fromenv", creds.get("api_key"));
    assertEquals("", creds.get("region"), "without the field in the file only api_key is looked up");
  }

  @Test
  void envVarNames() {
    assertEquals("PIKER_SIM_API_KEY", BrokersFile.envVar("sim", "api_key"));
    assertEquals("PIKER_IB_GW_API_KEY", BrokersFile.envVar("ib-gw", "api.key"));
    assertEquals("PIKER_KRAKEN_SECRET2", BrokersFile.envVar("Kraken", "secret2"));
  }

  @Test
  void nonStringValueIsRefusedWithoutTheValue() throws Exception {
    write("[sim]\napi_key = 987654321\n", "rw-------");
    String message = refused().getMessage();
    assertTrue(message.contains("[sim]"), message);
    assertTrue(message.contains("api_key"), message);
    assertTrue(message.contains("must be a string"), message);
    assertFalse(message.contains("987654321"), message);
  }

  @Test
  void nestedTableArrayAndDateAreRefusedWithoutTheValue() throws Exception {
    write("[sim.extra]\nkey = \"" + KEY + "\"\n", "rw-------");
    assertTrue(refused().getMessage().contains("'extra' must be a string, not a table"));
    write("[sim]\nkeys = [\"" + KEY + "\"]\n", "rw-------");
    assertTrue(refused().getMessage().contains("'keys' must be a string, not an array"));
    Path file = write("[sim]\nexpires = 2031-05-27\n", "rw-------");
    String message = refused().getMessage();
    assertTrue(message.contains("'expires' must be a string"), message);
    // the value is not quoted; the file's own name (a random temp dir) may hold any digits
    assertFalse(message.replace(file.toString(), "").contains("2031"), message);
  }

  @Test
  void brokerThatIsNotATableIsRefused() throws Exception {
    write("sim = \"" + KEY + "\"\n", "rw-------");
    String message = refused().getMessage();
    assertTrue(message.contains("'sim' must be a table"), message);
  }

  @Test
  void malformedTomlNeverQuotesTheLine() throws Exception {
    Path file = write("# keys\n[sim]\napi_key = \"" + KEY + "\n", "rw-------");
    String message = refused().getMessage();
    assertTrue(message.contains(file + " is not valid TOML"), message);
    assertTrue(message.matches(".*\\(line \\d+(, column \\d+)?\\)"), message);
  }

  @Test
  void otherParseErrorsNeverQuoteTheFile() throws Exception {
    write("[sim]\napi_key = " + KEY + "\n", "rw-------");
    assertTrue(refused().getMessage().contains("is not valid TOML"));
    write("[sim]\napi_key = \"" + KEY + "\"\napi_key = \"" + KEY + "2\"\n", "rw-------");
    assertTrue(refused().getMessage().contains("is not valid TOML"));
    write("[sim]\n" + KEY + "\n", "rw-------");
    assertTrue(refused().getMessage().contains("is not valid TOML"));
  }

  @Test
  void nonUtf8FileIsRefused() throws Exception {
    byte[] bytes = ("[sim]\napi_key = \"" + KEY + "\u00ff\"\n").getBytes(StandardCharsets.ISO_8859_1);
    write(bytes, "rw-------");
    assertTrue(refused().getMessage().contains("not valid UTF-8"));
  }
}
