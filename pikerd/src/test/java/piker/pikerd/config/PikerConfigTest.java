package piker.pikerd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import piker.backends.binance.BinanceBackend;
import piker.backends.sim.SimBackend;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendCatalog;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.DataClient;

/** conf.toml as pikerd reads it: the declared schema, every bad value of issue 13, lines and suggestions. */
class PikerConfigTest {
  /** A data-only backend: no settings, no accounts table. */
  private static final Backend PROBE = new Backend() {
    @Override
    public String name() {
      return "probe";
    }

    @Override
    public Set<Endpoint> endpoints() {
      return EnumSet.of(Endpoint.STREAM_QUOTES);
    }

    @Override
    public CompletionStage<DataClient> openDataClient(BackendContext context) {
      throw new UnsupportedOperationException();
    }
  };
  private static final BackendCatalog BACKENDS = BackendCatalog.of(new SimBackend(), new BinanceBackend(),
      new piker.backends.kraken.KrakenBackend(), PROBE);

  @TempDir
  Path dir;

  private PikerConfig read(String conf) throws IOException {
    Files.writeString(dir.resolve("conf.toml"), conf);
    return PikerConfig.read(dir, BACKENDS);
  }

  /** The one line a user sees, checked for what every message must say and must not say. */
  private String refused(String conf) {
    String message = assertThrows(BadConfigException.class, () -> read(conf)).getMessage();
    assertTrue(message.startsWith(dir.resolve("conf.toml").toString()), message);
    assertFalse(message.contains("[Source:"), message);
    assertFalse(message.contains("Exception"), message);
    assertFalse(message.contains("\n"), message);
    return message.substring(dir.resolve("conf.toml").toString().length());
  }

  private static String template() throws IOException {
    try (InputStream in = PikerConfigTest.class.getClassLoader().getResourceAsStream("piker/config/conf.toml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theTemplateAndAMissingFileAreValid() throws IOException {
    PikerConfig conf = read(template());
    assertEquals(10L, conf.section("sim").get("tick_rate"));
    assertEquals(Map.of("main", "SIM-001"), conf.liveAccounts("sim"));
    assertEquals(Set.of("probe.paper", "sim.main", "sim.paper"), conf.accounts(Set.of("sim", "probe")));
    assertEquals("https://api.binance.com", conf.section("binance").get("rest_url"));
    assertEquals(Map.of("main", "main"), conf.liveAccounts("binance"));
    assertEquals("wss://ws-auth.kraken.com/v2", conf.section("kraken").get("ws_auth_url"));
    assertEquals(0L, conf.section("kraken").get("cancel_after"));
    assertEquals(Map.of("main", "main"), conf.liveAccounts("kraken"));
    assertEquals(Map.of(), read("").section("sim"));
    assertEquals(Map.of(), read("# only a comment\n").section("sim"));
    Files.delete(dir.resolve("conf.toml"));
    assertEquals(Map.of(), PikerConfig.read(dir, BACKENDS).section("sim"));
  }

  @Test
  void aTypoInTheTemplateNamesItsLineAndTheKeyMeant() throws IOException {
    String template = template();
    int line = template.substring(0, template.indexOf("# max_order_size = 10 ")).split("\n", -1).length;
    String typo = template.replace("# max_order_size = 10 ", "max_ordr_size = 1 ");
    assertEquals(" line " + line + ": unknown key [risk] max_ordr_size; did you mean max_order_size?", refused(typo));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      [sim]¶seed = "seven"                 | line 2: [sim] seed must be a whole number, not the text "seven"
      [sim]¶seed = 4.2                     | line 2: [sim] seed must be a whole number, not the number 4.2
      [sim]¶tick_rate = -5                 | line 2: [sim] tick_rate must be a whole number from 0 to 1000, not the number -5
      [sim]¶tick_rate = 1001               | line 2: [sim] tick_rate must be a whole number from 0 to 1000, not the number 1001
      [sim]¶venue = 5                      | line 2: [sim] venue must be "HOST:PORT" or "", not the number 5
      [sim]¶venue = "localhost"            | line 2: [sim] venue must be "HOST:PORT" or "", not the text "localhost"
      [sim]¶venue = "127.0.0.1:70000"      | line 2: [sim] venue must be "HOST:PORT" or "", not the text "127.0.0.1:70000"
      [sim]¶tick_rate = 1979-05-27         | line 2: [sim] tick_rate must be a whole number from 0 to 1000, not the date/time 1979-05-27
      [sim.accounts]¶main = 42             | line 2: [sim.accounts] main must be the venue's account id, as text in quotes, not the number 42
      [sim.accounts]¶paper = "X"           | line 2: the label paper is taken by every broker's paper account; choose another one for [sim.accounts] paper
      [sim.accounts]¶Main = "X"            | line 2: account label [sim.accounts] Main must be lower-case letters, digits, - or _
      [sim]¶accounts = 1                   | line 2: [sim.accounts] must be a table, not the number 1
      [sim]¶sede = 1                       | line 2: unknown key [sim] sede; did you mean seed?
      [sim]¶colour = 1                     | line 2: unknown key [sim] colour; [sim] takes seed, tick_rate, venue, request_timeout_ms, markets, accounts
      [probe]¶accounts = { main = "x" }    | line 2: unknown key [probe] accounts; [probe] takes no keys
      [risk]¶max_order_size = "big"        | line 2: [risk] max_order_size must be a positive number, not the text "big"
      [risk]¶max_order_size = 0            | line 2: [risk] max_order_size must be a positive number, not the number 0
      [risk]¶max_notional = -1.5           | line 2: [risk] max_notional must be a positive number, not the number -1.5
      [risk]¶max_notional = inf            | line 2: [risk] max_notional must be a positive number, not inf
      [risk]¶max_notional = nan            | line 2: [risk] max_notional must be a positive number, not nan
      [risk]¶max_ordr_size = 1             | line 2: unknown key [risk] max_ordr_size; did you mean max_order_size?
      [sim.accounts]¶main = "S"¶[risk."sim.mian"]¶max_notional = 1 | line 3: [risk."sim.mian"] names no known account; did you mean [risk."sim.main"]?
      [risk.sim.paper]¶max_notional = 1    | line 1: [risk.sim] names no known account (known: binance.paper, kraken.paper, probe.paper, sim.paper); an account's limits go in [risk."<broker>.<label>"], quoted
      [risk."sim.paper"]¶max_notionl = 1   | line 2: unknown key [risk."sim.paper"] max_notionl; did you mean max_notional?
      [ems]¶journal_fsync = "yes"          | line 2: [ems] journal_fsync must be true or false, not the text "yes"
      [ems]¶journal_sync = true            | line 2: unknown key [ems] journal_sync; did you mean journal_fsync?
      [ib]¶rest_url = "x"                  | line 1: unknown section [ib]: no backend named ib is installed (installed: binance, kraken, probe, sim), and pikerd's own sections are [risk] and [ems]
      [kraken]¶rest_url = "x"              | line 2: [kraken] rest_url must be a URL starting http:// or https://, not the text "x"
      [kraken]¶tier = "gold"               | line 2: [kraken] tier must be one of "starter", "intermediate", "pro", not the text "gold"
      [binance]¶rest_url = "x"             | line 2: [binance] rest_url must be a URL starting http:// or https://, not the text "x"
      [binance]¶api_key = "x"              | line 2: unknown key [binance] api_key; [binance] takes rest_url, stream_url, ws_api_url, accounts
      [rsik]¶max_order_size = 1            | line 1: unknown section [rsik]; did you mean [risk]?
      seed = 42                            | line 1: unknown key seed at the top of the file, outside any [section]; did you mean [sim] seed?
      sim = 5                              | line 1: [sim] must be a table (a line [sim] above its keys), not the number 5
      """)
  void everyBadValueIsRefusedNamingItsLineKeyAndWhatFits(String conf, String expected) {
    assertEquals(" " + expected, refused(conf.replace("¶", "\n") + "\n"));
  }

  @Test
  void aTruncatedFileIsNotValidTomlAtItsLineAndColumn() throws IOException {
    String template = template();
    String cut = template.substring(0, template.indexOf("tick_rate = 10") + "tick_rate =".length());
    int line = cut.split("\n", -1).length;
    assertEquals(" line " + line + ", column 12: not valid TOML (premature end of file); fix the file, or remove it to run on "
        + "the defaults", refused(cut));
    assertEquals(" line 2, column 5: not valid TOML (newline not permitted here); fix the file, or remove it to run on "
        + "the defaults", refused("[sim]\nseed\n"));
  }

  @Test
  void binaryGarbageIsRefusedNamingTheFirstBadByte() throws IOException {
    byte[] garbage = new byte[512];
    new Random(13).nextBytes(garbage);
    Files.write(dir.resolve("conf.toml"), garbage);
    String message = assertThrows(BadConfigException.class, () -> PikerConfig.read(dir, BACKENDS)).getMessage();
    assertTrue(message.matches(".*conf\\.toml line \\d+: not UTF-8 text \\(byte \\d+ is 0x[0-9a-f]{2}\\): the file is "
        + "damaged or not a conf.toml; fix it, or remove it to run on the defaults"), message);
    Files.write(dir.resolve("conf.toml"), new byte[] {'[', 's', 'i', 'm', ']', '\n', 0, 1, 2, '\n'});
    assertTrue(assertThrows(BadConfigException.class, () -> PikerConfig.read(dir, BACKENDS)).getMessage()
        .contains(" line 2, column 1: not valid TOML"));
  }

  @Test
  void aFileThatCannotBeReadSaysWhy() throws IOException {
    Files.createDirectory(dir.resolve("conf.toml"));
    String message = assertThrows(BadConfigException.class, () -> PikerConfig.read(dir, BACKENDS)).getMessage();
    assertTrue(message.startsWith(dir.resolve("conf.toml") + ": cannot read it ("), message);
  }

  @Test
  void everyProblemIsCountedAndTheFirstInFileOrderIsNamed() {
    assertEquals(" line 2: [sim] seed must be a whole number, not the text \"seven\" (and 2 more problems after it)",
        refused("[sim]\nseed = \"seven\"\ntick_rate = -5\n[ems]\njournal_fsync = \"yes\"\n"));
  }

  @Test
  void linesStayRightAfterMultiLineStringsArraysAndInlineTables() {
    String conf = """
        [sim]
        venue = ""
        [sim.accounts]
        main = \"\"\"SIM
        -001\"\"\"
        other = '''x
        y'''
        [risk."sim.paper"]
        max_notional = 5   # a comment with = and [brackets]
        [ems]
        journal_fsync = true
        extra = [1,
          2, # a comment
          3]
        """;
    assertEquals(" line 12: unknown key [ems] extra; [ems] takes journal_fsync", refused(conf));
    assertEquals(" line 3: unknown key [risk] max_ordr_size; did you mean max_order_size?",
        refused("# dotted keys at the top\n\nrisk.max_ordr_size = 1\n"));
  }

  @Test
  void numbersAreExactAsWritten() throws IOException {
    PikerConfig conf = read("""
        [sim]
        seed = 9223372036854775807
        [risk]
        max_order_size = 0.1
        max_notional = 1e3
        price_band = 0.30000000000000004441
        [risk."sim.paper"]
        max_notional = 123456789012345678901234567890
        max_order_size = 2.50
        """);
    assertEquals(Long.MAX_VALUE, conf.section("sim").get("seed"));
    Map<String, Object> risk = conf.section("risk");
    assertEquals("0.1", ((java.math.BigDecimal) risk.get("max_order_size")).toPlainString());
    assertEquals("1000", ((java.math.BigDecimal) risk.get("max_notional")).toPlainString());
    assertEquals("0.30000000000000004441", ((java.math.BigDecimal) risk.get("price_band")).toPlainString());
    @SuppressWarnings("unchecked")
    Map<String, Object> paper = (Map<String, Object>) risk.get("sim.paper");
    assertEquals("123456789012345678901234567890", ((java.math.BigDecimal) paper.get("max_notional")).toPlainString());
    assertEquals("2.50", ((java.math.BigDecimal) paper.get("max_order_size")).toPlainString());
    assertEquals(" line 2: [sim] seed must be a whole number, not the number 9223372036854775808",
        refused("[sim]\nseed = 9223372036854775808\n"));
  }

  @Test
  void theNearestKnownNameToleratesSmallEditsOnly() {
    assertEquals("max_order_size", Nearest.to("max_ordr_size", Set.of("max_order_size", "max_notional")).orElseThrow());
    assertEquals("risk", Nearest.to("rsik", Set.of("risk", "ems")).orElseThrow());
    assertEquals("seed", Nearest.to("SEED", Set.of("seed", "venue")).orElseThrow());
    assertTrue(Nearest.to("colour", Set.of("seed", "venue", "tick_rate")).isEmpty());
    assertTrue(Nearest.to("x", Set.of()).isEmpty());
  }
}
