package piker.accounting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.accounting.Fills.ACCOUNT;
import static piker.accounting.Fills.BTC;
import static piker.accounting.Fills.dec;
import static piker.accounting.Fills.fill;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.contracts.names.AccountName;
import piker.contracts.names.Fqme;

class LedgerFileTest {
  @TempDir Path dataDir;

  private List<Clear> threeFills() {
    return List.of(fill("t-1", "0.001", "60000.01"), fill("t-2", "-0.0195", "59999.99"),
        fill("t-3", "0.5", "60123.45"));
  }

  private Path ledgerWith(List<Clear> clears) throws IOException {
    LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
    assertEquals(clears, ledger.append(clears));
    return ledger.path();
  }

  private static void appendBytes(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  @Test
  void pathFollowsTheAccountName() {
    assertEquals(dataDir.resolve("accounting/ledgers/trades_sim_paper.toml"), LedgerFile.path(dataDir, ACCOUNT));
    assertThrows(IllegalArgumentException.class, () -> LedgerFile.path(dataDir, "sim/../x.paper"));
  }

  @Test
  void appendsThenReadsBackEqualClearsInFileOrder() throws IOException {
    List<Clear> clears = threeFills();
    LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
    assertEquals(List.of(), ledger.clears());
    assertEquals(clears, ledger.append(clears));
    assertEquals(clears, ledger.clears());

    LedgerFile reopened = LedgerFile.open(dataDir, ACCOUNT);
    assertEquals(clears, reopened.clears());
    assertEquals(0, reopened.droppedTornBytes());
    String text = Files.readString(reopened.path());
    assertTrue(text.contains("""
        ["t-2"]
        tid = "t-2"
        fqme = "btcusdt.spot.sim"
        size = -0.0195
        price = 59999.99
        """), text);
    assertTrue(text.contains("etype = \"clear\"\nbs_mktid = \"BTCUSDT\"\n"), text);
  }

  @Test
  void decimalTextRoundTripsExactlyWithoutExponents() throws IOException {
    Instant dt = Instant.parse("2026-03-01T12:00:00.000000001Z");
    List<Clear> clears = List.of(
        new Clear("a", BTC, dec("0.30000000000000004"), dec("60000.01"), dec("0"), dt, "BTCUSDT"),
        new Clear("b", BTC, dec("-0.0195"), dec("60000.10"), new BigDecimal("1E-8"), dt, "BTCUSDT"),
        new Clear("c", BTC, new BigDecimal("1E-8"), new BigDecimal("6.000001E+4"), dec("0.000600000100"), dt,
            "BTCUSDT"));
    ledgerWith(clears);
    LedgerFile reopened = LedgerFile.open(dataDir, ACCOUNT);
    assertEquals(clears, reopened.clears()); // equals() on BigDecimal compares scale too
    String text = Files.readString(reopened.path());
    assertFalse(text.contains("E") || text.contains("e+") || text.contains("e-"), text);
    assertTrue(text.contains("size = 0.30000000000000004\n"), text);
    assertTrue(text.contains("cost = 0.00000001\n"), text);
    assertTrue(text.contains("size = 0.00000001\n"), text);
    assertTrue(text.contains("price = 60000.10\n"), text);
    assertTrue(text.contains("price = 60000.01\n"), text);
  }

  @Test
  void oddCharactersAreEscapedAsValidToml() throws IOException {
    Clear odd = new Clear("id \"quoted\" \\ back 'single' é 💡 # not a comment", BTC, dec("1"), dec("2"), dec("0"),
        Instant.EPOCH, "mkt=\"x\"]");
    ledgerWith(List.of(odd, fill("plain", "1", "1")));
    assertEquals(List.of(odd, fill("plain", "1", "1")), LedgerFile.open(dataDir, ACCOUNT).clears());

    // An independent TOML parser agrees on keys, order and values.
    TomlMapper jackson = TomlMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();
    JsonNode root = jackson.readTree(Files.readString(LedgerFile.path(dataDir, ACCOUNT)));
    List<String> keys = new ArrayList<>();
    root.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of(odd.tid(), "plain"), keys);
    assertEquals(odd.bsMktid(), root.get(odd.tid()).get("bs_mktid").textValue());
  }

  @Test
  void appendingAKnownTradeIdIsANoOp() throws IOException {
    LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
    Clear first = fill("t-1", "1", "10");
    Clear second = fill("t-2", "1", "11");
    assertEquals(List.of(first), ledger.append(List.of(first, first)));
    long size = Files.size(ledger.path());
    assertEquals(List.of(), ledger.append(List.of(first)));
    assertEquals(size, Files.size(ledger.path()));
    assertEquals(List.of(second), ledger.append(List.of(first, second)));

    LedgerFile reopened = LedgerFile.open(dataDir, ACCOUNT);
    assertEquals(List.of(first, second), reopened.clears());
    assertTrue(reopened.has("t-1"));
    assertEquals(List.of(), reopened.append(List.of(second)));
    assertEquals(2, Files.readString(ledger.path()).split("etype = \"clear\"", -1).length - 1);
  }

  @Test
  void tornTailIsDroppedAndAppendsContinueCleanly() throws IOException {
    List<Clear> clears = threeFills();
    Path file = ledgerWith(clears);
    byte[] complete = Files.readAllBytes(file);
    String torn = "[\"t-4\"]\ntid = \"t-4\"\nfqme = \"btcusdt.spot.sim\"\nsize = 0.00";
    appendBytes(file, torn);

    LedgerFile reopened = LedgerFile.open(dataDir, ACCOUNT);
    assertEquals(clears, reopened.clears());
    assertEquals(torn.getBytes(StandardCharsets.UTF_8).length, reopened.droppedTornBytes());
    assertArrayEquals(complete, Files.readAllBytes(file)); // truncated back to the last complete table

    Clear next = fill("t-4", "0.25", "60001.5");
    assertEquals(List.of(next), reopened.append(List.of(next)));
    LedgerFile again = LedgerFile.open(dataDir, ACCOUNT);
    assertEquals(0, again.droppedTornBytes());
    assertEquals(List.of(clears.get(0), clears.get(1), clears.get(2), next), again.clears());
  }

  @Test
  void tornTailShapesAllRecover() throws IOException {
    List<Clear> clears = threeFills();
    Path file = ledgerWith(clears);
    byte[] complete = Files.readAllBytes(file);
    String[] tails = {
        "[\"t-", // torn inside the header
        "[\"t-4\"]\n", // torn right after the header
        "[\"t-4\"]\ntid = \"t-4\"\n", // torn between lines: every line fine, fields missing
        "[\"t-4\"]\ntid = \"t-4\"\nfqme = \"btcusdt.spot.sim\"\nsize = 1\nprice = 2\ncost = 0\n"
            + "dt = \"2026-03-01T00:00:00Z\"\netype = \"clear\"\nbs_mktid = \"BTCUS", // inside the last string
        "\0\0\0\0\0\0", // unwritten blocks read back as zeros
    };
    for (String tail : tails) {
      appendBytes(file, tail);
      LedgerFile reopened = LedgerFile.open(dataDir, ACCOUNT);
      assertEquals(clears, reopened.clears(), tail);
      assertEquals(tail.getBytes(StandardCharsets.UTF_8).length, reopened.droppedTornBytes(), tail);
      assertArrayEquals(complete, Files.readAllBytes(file), tail);
    }
  }

  @Test
  void malformedMiddleNamesFileAndLineAndLeavesTheFileAlone() throws IOException {
    Path file = ledgerWith(threeFills());
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    int sizeLine = lines.indexOf("size = -0.0195");
    lines.set(sizeLine, "size = -0.01.95");
    Files.write(file, lines);
    byte[] before = Files.readAllBytes(file);

    MalformedLedgerException e = assertThrows(MalformedLedgerException.class, () -> LedgerFile.open(dataDir, ACCOUNT));
    assertEquals(sizeLine + 1, e.line());
    assertEquals(file, e.file());
    assertTrue(e.getMessage().contains("trades_sim_paper.toml:" + (sizeLine + 1) + ":"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void aMiddleTableMissingAFieldIsMalformedNotTorn() throws IOException {
    Path file = ledgerWith(threeFills());
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.remove(lines.indexOf("price = 59999.99"));
    Files.write(file, lines);
    byte[] before = Files.readAllBytes(file);
    MalformedLedgerException e = assertThrows(MalformedLedgerException.class, () -> LedgerFile.open(dataDir, ACCOUNT));
    assertTrue(e.getMessage().contains("lacks field(s) [price]"), e.getMessage());
    assertEquals(lines.indexOf("[\"t-2\"]") + 1, e.line());
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void aBadButCompleteLastLineIsMalformedNotTorn() throws IOException {
    Path file = ledgerWith(threeFills());
    appendBytes(file, "[\"t-4\"]\ntid = oops\n");
    byte[] before = Files.readAllBytes(file);
    MalformedLedgerException e = assertThrows(MalformedLedgerException.class, () -> LedgerFile.open(dataDir, ACCOUNT));
    assertTrue(e.getMessage().contains("invalid value 'oops'"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void duplicateTradeIdsInTheFileAreMalformed() throws IOException {
    Path file = ledgerWith(threeFills());
    String text = Files.readString(file);
    appendBytes(file, text.substring(text.indexOf("[\"t-1\"]"), text.indexOf("[\"t-2\"]")));
    appendBytes(file, "[\"t-9\"]\n"); // torn tail after it does not hide the duplicate
    MalformedLedgerException e = assertThrows(MalformedLedgerException.class, () -> LedgerFile.open(dataDir, ACCOUNT));
    assertTrue(e.getMessage().contains("duplicate trade id 't-1'"), e.getMessage());
  }

  @Test
  void handEditedLedgerWithIntegersAndTomlDatesLoads() throws IOException {
    Path file = LedgerFile.path(dataDir, ACCOUNT);
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        # hand edited
        [manual-1]
        tid = 'manual-1'   # literal string
        fqme = "btcusdt.spot.sim"
        size = 1
        price = 60_000
        cost = 0
        dt = 2026-03-01 12:00:00+01:00
        etype = "clear"
        bs_mktid = "BTCUSDT"
        note = true
        """ + "\n[\"manual-2\"]\r\ntid = \"manual-2\"\r\nfqme = \"btcusdt.spot.sim\"\r\nsize = -1\r\nprice = 60001\r\n"
        + "cost = 0.5\r\ndt = \"2026-03-01T12:00:01Z\"\r\netype = \"clear\"\r\nbs_mktid = \"BTCUSDT\"");
    LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
    assertEquals(0, ledger.droppedTornBytes());
    Fqme btc = Fqme.parse("btcusdt.spot.sim");
    assertEquals(List.of(
        new Clear("manual-1", btc, dec("1"), dec("60000"), dec("0"), Instant.parse("2026-03-01T11:00:00Z"), "BTCUSDT"),
        new Clear("manual-2", btc, dec("-1"), dec("60001"), dec("0.5"), Instant.parse("2026-03-01T12:00:01Z"),
            "BTCUSDT")),
        ledger.clears());

    // The last line had no newline: the next append must start on a line of its own.
    Clear next = fill("t-3", "1", "1");
    ledger.append(List.of(next));
    assertEquals(3, LedgerFile.open(dataDir, ACCOUNT).clears().size());
    assertTrue(Files.readString(file).contains("bs_mktid = \"BTCUSDT\"\n[\"t-3\"]\n"));
  }

  @Test
  void refusesToAppendAfterSomeoneElseChangedTheFile() throws IOException {
    LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
    ledger.append(List.of(fill("t-1", "1", "1")));
    appendBytes(ledger.path(), "# another writer\n");
    IOException e = assertThrows(IOException.class, () -> ledger.append(List.of(fill("t-2", "1", "1"))));
    assertTrue(e.getMessage().contains("changed on disk"), e.getMessage());
    assertFalse(Files.readString(ledger.path()).contains("t-2"));
  }

  @Test
  void appendsKeepTheFileOpenUntilClosedAndAnAppendAfterCloseOpensItAgain() throws IOException {
    LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
    ledger.append(List.of(fill("t-1", "1", "1")));
    ledger.append(List.of(fill("t-2", "1", "1")));
    ledger.close();
    ledger.close(); // closing twice is harmless
    ledger.append(List.of(fill("t-3", "1", "1")));
    ledger.close();
    assertEquals(List.of("t-1", "t-2", "t-3"), LedgerFile.open(dataDir, ACCOUNT).clears().stream().map(Clear::tid)
        .toList());
    String text = Files.readString(ledger.path());
    assertEquals(text.indexOf("# trade ledger"), text.lastIndexOf("# trade ledger"), "one header: " + text);
  }

  @Test
  void refusesToAppendToAFileReplacedWhileItWasHeldOpen() throws IOException {
    LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
    ledger.append(List.of(fill("t-1", "1", "1")));
    // an editor saving by rename: same bytes, another file
    Path copy = ledger.path().resolveSibling("copy.toml");
    Files.copy(ledger.path(), copy);
    Files.move(copy, ledger.path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    IOException e = assertThrows(IOException.class, () -> ledger.append(List.of(fill("t-2", "1", "1"))));
    assertTrue(e.getMessage().contains("replaced"), e.getMessage());
    assertFalse(Files.readString(ledger.path()).contains("t-2"));
    ledger.close();
  }
}
