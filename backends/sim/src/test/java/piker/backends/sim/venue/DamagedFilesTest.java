package piker.backends.sim.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The venue's files on disk (the tape of pushed ticks, the exchange log): only a torn last line, the
 * mark of a kill mid-write, is cut, with a warning naming it; a damaged line anywhere else refuses the
 * file with its path and line number, and the file is left as it was.
 */
class DamagedFilesTest {
  private static final String T1 = "{\"type\":\"trade\",\"price\":\"100.5\",\"size\":\"1\",\"time_ns\":1000}";
  private static final String T2 = "{\"type\":\"trade\",\"price\":\"101\",\"size\":\"2\",\"time_ns\":2000}";
  private static final String BID = "{\"type\":\"bid\",\"price\":\"100\",\"size\":\"3\",\"time_ns\":1500}";

  @TempDir
  Path dir;
  private final VenueJson json = new VenueJson();
  private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

  @BeforeEach
  void listen() {
    warnings.start();
    ((Logger) LoggerFactory.getLogger(Tape.class)).addAppender(warnings);
    ((Logger) LoggerFactory.getLogger(ExchangeLog.class)).addAppender(warnings);
  }

  @AfterEach
  void stopListening() {
    ((Logger) LoggerFactory.getLogger(Tape.class)).detachAppender(warnings);
    ((Logger) LoggerFactory.getLogger(ExchangeLog.class)).detachAppender(warnings);
  }

  private Path tapeFile(String content) throws Exception {
    Path file = dir.resolve("tape").resolve("btcusdt.spot.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private List<Klines.TapeTrade> readTape() {
    try (Tape tape = new Tape(dir)) {
      return tape.trades("btcusdt.spot", json);
    }
  }

  @Test
  void anIntactTapeReadsWhole() throws Exception {
    tapeFile(T1 + "\n" + BID + "\n" + T2 + "\n");
    List<Klines.TapeTrade> trades = readTape();
    assertEquals(2, trades.size());
    assertEquals(new java.math.BigDecimal("101"), trades.get(1).price());
    assertTrue(warnings.list.isEmpty());
  }

  @Test
  void aDamagedLineInsideTheTapeRefusesItNamingFileAndLine() throws Exception {
    String content = T1 + "\n" + "{\"type\":\"trade\",\"pri" + "\n" + T2 + "\n";
    Path file = tapeFile(content);
    JsonLines.DamagedFile refused = assertThrows(JsonLines.DamagedFile.class, this::readTape);
    assertTrue(refused.getMessage().contains(file + " line 2 is damaged"), refused.getMessage());
    assertEquals(content, Files.readString(file), "a refused tape is left as it was");
  }

  @Test
  void aTradeLineMissingItsPriceIsDamageTooNotSkipped() throws Exception {
    Path file = tapeFile(T1 + "\n\n" + "{\"type\":\"trade\",\"size\":\"1\",\"time_ns\":3000}\n" + T2 + "\n");
    JsonLines.DamagedFile refused = assertThrows(JsonLines.DamagedFile.class, this::readTape);
    assertTrue(refused.getMessage().contains(file + " line 3 is damaged (missing 'price')"), refused.getMessage());
  }

  @Test
  void aTornLastLineIsCutWithAWarningNamingIt() throws Exception {
    Path file = tapeFile(T1 + "\n" + T2 + "\n" + "{\"type\":\"trade\",\"price\":\"10");
    assertEquals(2, readTape().size());
    assertEquals(T1 + "\n" + T2 + "\n", Files.readString(file), "only the torn tail went");
    assertEquals(1, warnings.list.size());
    String warning = warnings.list.get(0).getFormattedMessage();
    assertTrue(warning.contains(file.toString()) && warning.contains("{\"type\":\"trade\",\"price\":\"10"), warning);
    // the next tick appended after the cut starts a line of its own
    try (Tape tape = new Tape(dir)) {
      tape.append("btcusdt.spot", T1);
    }
    assertEquals(3, readTape().size());
  }

  private Path exchangeLog(String content) throws Exception {
    Path file = dir.resolve("exchange.jsonl");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void aDamagedExchangeLogLineIsNamedByItsLineInTheFile() throws Exception {
    String content = "{\"event\":\"a\"}\n\n\n{\"event\":\"b\"}\nnot json\n{\"event\":\"c\"}\n";
    Path file = exchangeLog(content);
    JsonLines.DamagedFile refused = assertThrows(JsonLines.DamagedFile.class, () -> new ExchangeLog(dir, json));
    assertTrue(refused.getMessage().contains(file + " line 5 is damaged"), refused.getMessage());
    assertEquals(content, Files.readString(file));
  }

  @Test
  void aTornExchangeLogTailIsCutWithAWarningAndTheNextEventStartsItsOwnLine() throws Exception {
    Path file = exchangeLog("{\"event\":\"a\"}\n{\"event\":\"b\"}\n{\"event\":\"c\",\"si");
    try (ExchangeLog log = new ExchangeLog(dir, json)) {
      assertEquals(2, log.replay().size());
      log.append(json.object().put("event", "d"));
    }
    assertEquals("{\"event\":\"a\"}\n{\"event\":\"b\"}\n{\"event\":\"d\"}\n", Files.readString(file));
    assertEquals(1, warnings.list.size());
    assertTrue(warnings.list.get(0).getFormattedMessage().contains("{\"event\":\"c\",\"si"));
  }

  @Test
  void aVenueWithADamagedExchangeLogRefusesToStartNamingFileAndLine() throws Exception {
    Path file = exchangeLog("{\"event\":\"a\"}\n{oops\n{\"event\":\"c\"}\n");
    JsonLines.DamagedFile refused = assertThrows(JsonLines.DamagedFile.class, () -> SimVenue.start(
        new VenueSettings("127.0.0.1", 0, dir, 42, 0, Clock.systemUTC()), false).close());
    assertTrue(refused.getMessage().contains(file + " line 2 is damaged"), refused.getMessage());
  }
}
