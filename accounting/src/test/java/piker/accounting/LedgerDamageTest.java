package piker.accounting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piker.accounting.Fills.ACCOUNT;
import static piker.accounting.Fills.fill;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A damaged ledger on real files: a torn last table is cut only with a warning and a copy of the cut
 * bytes beside the file; damage that a cut write cannot leave refuses and changes nothing; ledgers are
 * owner-only.
 */
class LedgerDamageTest {
  @TempDir Path dataDir;

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void listen() {
    logged.start();
    ((Logger) LoggerFactory.getLogger(TornTails.class)).addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    ((Logger) LoggerFactory.getLogger(TornTails.class)).detachAppender(logged);
  }

  private Path ledgerWithTwoFills() throws IOException {
    LedgerFile ledger = LedgerFile.open(dataDir, ACCOUNT);
    ledger.append(List.of(fill("t-1", "0.001", "60000.01"), fill("t-2", "-0.0195", "59999.99")));
    return ledger.path();
  }

  private static void appendBytes(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  private List<Path> tornCopies(Path ledger) throws IOException {
    try (Stream<Path> files = Files.list(ledger.getParent())) {
      return files.filter(f -> f.getFileName().toString().startsWith(ledger.getFileName() + ".torn-")).toList();
    }
  }

  @Test
  void aTornLastTableIsCutWithAWarningAndItsBytesKeptBesideTheLedger() throws IOException {
    Path file = ledgerWithTwoFills();
    byte[] whole = Files.readAllBytes(file);
    String torn = "[\"t-3\"]\ntid = \"t-3\"\nfqme = \"btcusdt.spot.sim\"\nsize = 0.00";
    appendBytes(file, torn);

    LedgerFile reopened = LedgerFile.open(dataDir, ACCOUNT);
    assertEquals(2, reopened.clears().size());
    assertArrayEquals(whole, Files.readAllBytes(file));
    Path copy = reopened.tornCopy().orElseThrow();
    assertEquals(List.of(copy), tornCopies(file));
    assertEquals(torn, Files.readString(copy), "the cut bytes, exactly");
    assertTrue(copy.getFileName().toString().matches("trades_sim_paper\\.toml\\.torn-\\d{8}T\\d{6}Z"), copy.toString());

    assertEquals(1, logged.list.size());
    ILoggingEvent warning = logged.list.get(0);
    assertEquals(Level.WARN, warning.getLevel());
    String message = warning.getFormattedMessage();
    assertTrue(message.contains(file.toString()) && message.contains("[t-3]") && message.contains("line 23")
        && message.contains(torn.length() + " bytes") && message.contains(copy.toString()), message);

    // the next append goes where the torn table was, and the copy still holds what was cut
    reopened.append(List.of(fill("t-4", "1", "1")));
    assertEquals(List.of("t-1", "t-2", "t-4"), LedgerFile.open(dataDir, ACCOUNT).clears().stream().map(Clear::tid)
        .toList());
    assertEquals(torn, Files.readString(copy));
  }

  @Test
  void twoCutsInOneSecondKeepTwoCopies() throws IOException {
    Path file = ledgerWithTwoFills();
    appendBytes(file, "[\"t-3\"]\n");
    LedgerFile.open(dataDir, ACCOUNT);
    appendBytes(file, "\0\0\0\0");
    LedgerFile.open(dataDir, ACCOUNT);
    List<Path> copies = tornCopies(file);
    assertEquals(2, copies.size(), copies.toString());
    assertEquals(2, logged.list.size());
    assertTrue(logged.list.get(1).getFormattedMessage().contains("an incomplete last line"),
        logged.list.get(1).getFormattedMessage());
  }

  /** What a cut write cannot leave is damage: refused, with the line, and the file left as it is. */
  @Test
  void aDamagedTailThatNoCrashLeavesIsRefusedAndNothingIsCut() throws IOException {
    Path file = ledgerWithTwoFills();
    byte[] whole = Files.readAllBytes(file);
    String last = new String(whole, StandardCharsets.UTF_8);
    String lastTable = last.substring(last.indexOf("[\"t-2\"]"));
    String[][] damages = {
        // the last table lost a field in the middle: an edit or damage, not a cut write
        {last.replace(lastTable, lastTable.replace("cost = ", "# cost = ")), "13", "lacks field(s) [cost]"},
        // garbage after the last table, without a newline
        {last + "zzz garbage", "23", "not the start of what the ledger writer writes"},
        // a torn table's next field is not what the writer writes next
        {last + "[\"t-3\"]\ntid = \"t-3\"\nsize = 1\nprice = \"60", "26", "not the start of what"},
        // a field the writer never writes, in an incomplete last table
        {last + "[\"t-3\"]\ntid = \"t-3\"\nnote = 1\n", "23", "is not what a write cut short leaves"},
        // a new table after an incomplete one
        {last.replace(lastTable, lastTable.replace("bs_mktid = \"BTCUSDT\"\n", "")) + "[\"t-3\"]\ntid = \"t", "13",
            "lacks field(s) [bs_mktid]"},
    };
    for (String[] damage : damages) {
      Files.writeString(file, damage[0]);
      byte[] before = Files.readAllBytes(file);
      MalformedLedgerException e = assertThrows(MalformedLedgerException.class, () -> LedgerFile.open(dataDir, ACCOUNT),
          damage[0]);
      assertTrue(e.getMessage().startsWith(file + ":" + damage[1] + ":") && e.getMessage().contains(damage[2]),
          e.getMessage());
      assertArrayEquals(before, Files.readAllBytes(file), "nothing cut");
    }
    assertEquals(List.of(), tornCopies(file));
    assertEquals(List.of(), logged.list);
  }

  @Test
  void ledgersAreOwnerOnlyFromTheMomentTheyExistAndOldOnesAreTightened() throws IOException {
    Path file = ledgerWithTwoFills();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(2, LedgerFile.open(dataDir, ACCOUNT).clears().size());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    appendBytes(file, "[\"t-3\"]\n");
    Path copy = LedgerFile.open(dataDir, ACCOUNT).tornCopy().orElseThrow();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));

    // the account file beside it is owner-only too (a temp file renamed into place)
    AccountFile.write(dataDir, ACCOUNT, Positions.replay(ACCOUNT, LedgerFile.open(dataDir, ACCOUNT).clears()).open());
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(AccountFile.path(dataDir, ACCOUNT))));
  }
}
