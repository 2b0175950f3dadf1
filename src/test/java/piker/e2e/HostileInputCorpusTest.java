package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import piker.accounting.LedgerFile;
import piker.brokerd.credentials.BrokersFile;
import piker.brokerd.credentials.CredentialsException;
import piker.contracts.spi.BackendCatalog;
import piker.e2e.support.CliResult;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;
import piker.e2e.support.RawSenderMain;
import piker.emsd.journal.OrderLog;
import piker.pikerd.client.PikerClient;
import piker.pikerd.config.BadConfigException;
import piker.pikerd.config.PikerConfig;
import piker.pikerd.runtime.RegistryAddress;

/**
 * The hostile-input corpus (src/test/resources/corpus, plus cases too big to keep in git, made here): bad
 * conf.toml, brokers.toml, ledgers, emsd journals (made from the golden journal: torn, bit-flipped,
 * reordered, a future version), bad command lines, and raw remote messages that a client JVM without the
 * client library sends to a real pikerd. Each case must get a clear error (an exception naming the file,
 * exit 2 with one line, or a refusal pikerd survives), change no file, and leave pikerd serving. The count
 * of cases and of those that passed is printed at the end.
 */
class HostileInputCorpusTest {
  private static final Path CORPUS = Processes.repoRoot().resolve("src/test/resources/corpus");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** category → {cases, passed} */
  private static final Map<String, int[]> COUNTS = new TreeMap<>();

  @TempDir
  static Path work;
  private static PikerdProcess pikerd;

  @AfterAll
  static void report() throws Exception {
    if (pikerd != null) {
      pikerd.close();
    }
    int cases = COUNTS.values().stream().mapToInt(count -> count[0]).sum();
    int passed = COUNTS.values().stream().mapToInt(count -> count[1]).sum();
    StringBuilder each = new StringBuilder();
    COUNTS.forEach((category, count) -> each.append(each.length() == 0 ? "" : ", ").append(category).append(' ')
        .append(count[1]).append('/').append(count[0]));
    System.err.printf("hostile-input corpus: %d cases, %d passed (%s)%n", cases, passed, each);
  }

  private static DynamicTest counted(String category, String name, Executable body) {
    return DynamicTest.dynamicTest(category + ": " + name, () -> {
      COUNTS.computeIfAbsent(category, key -> new int[2])[0]++;
      body.execute();
      COUNTS.get(category)[1]++;
    });
  }

  private static List<Path> files(String folder) throws IOException {
    try (Stream<Path> listed = Files.list(CORPUS.resolve(folder))) {
      return listed.sorted().toList();
    }
  }

  /** A clear error: names the file, says nothing of Java, echoes no megabytes. */
  private static void clear(String message, String file) {
    assertTrue(message.contains(file), "names " + file + ": " + message);
    assertFalse(message.contains("Exception") || message.contains("\tat "), message);
    assertTrue(message.length() < 2_000, "a short message, not the input: " + message.length() + " chars");
  }

  // ---- conf.toml

  @TestFactory
  Stream<DynamicTest> confToml() throws IOException {
    Map<String, byte[]> cases = new TreeMap<>();
    for (Path file : files("conf")) {
      cases.put(file.getFileName().toString(), Files.readAllBytes(file));
    }
    cases.put("generated-deep-nesting", ("[sim]\nseed = " + "[".repeat(5_000) + "]".repeat(5_000) + "\n").getBytes());
    cases.put("generated-huge-string", ("[sim]\nvenue = \"" + "a".repeat(2_000_000) + "\"\n").getBytes());
    StringBuilder tables = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      tables.append("[t").append(i).append("]\nx = 1\n");
    }
    cases.put("generated-many-tables", tables.toString().getBytes());
    BackendCatalog backends = BackendCatalog.load(HostileInputCorpusTest.class.getClassLoader());
    return cases.entrySet().stream().map(entry -> counted("conf.toml", entry.getKey(), () -> {
      Path dir = Files.createDirectories(work.resolve("conf").resolve(entry.getKey()));
      Path file = dir.resolve("conf.toml");
      Files.write(file, entry.getValue());
      BadConfigException refused = assertThrows(BadConfigException.class, () -> PikerConfig.read(dir, backends));
      clear(refused.getMessage(), "conf.toml");
      assertArrayEquals(entry.getValue(), Files.readAllBytes(file), "unchanged");
    }));
  }

  // ---- brokers.toml

  @TestFactory
  Stream<DynamicTest> brokersToml() throws IOException {
    Map<String, byte[]> cases = new TreeMap<>();
    for (Path file : files("brokers")) {
      cases.put(file.getFileName().toString(), Files.readAllBytes(file));
    }
    cases.put("generated-deep-nesting", ("[sim]\napi_key = " + "[".repeat(5_000) + "]".repeat(5_000) + "\n")
        .getBytes());
    return cases.entrySet().stream().map(entry -> counted("brokers.toml", entry.getKey(), () -> {
      Path dir = Files.createDirectories(work.resolve("brokers").resolve(entry.getKey()));
      Path file = dir.resolve("brokers.toml");
      Files.write(file, entry.getValue());
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      CredentialsException refused = assertThrows(CredentialsException.class,
          () -> BrokersFile.read(dir, "sim", Map.of()));
      clear(refused.getMessage(), "brokers.toml");
      assertFalse(refused.getMessage().contains("TOPSECRET"), "never a credential in an error: " + refused);
      assertArrayEquals(entry.getValue(), Files.readAllBytes(file), "unchanged");
    }));
  }

  // ---- ledgers

  @TestFactory
  Stream<DynamicTest> ledgers() throws IOException {
    Map<String, byte[]> cases = new TreeMap<>();
    for (Path file : files("ledgers")) {
      cases.put(file.getFileName().toString(), Files.readAllBytes(file));
    }
    String good = "[\"T-1\"]\ntid = \"T-1\"\nfqme = \"btcusdt.spot.sim\"\nsize = 0.002\nprice = 60000.01\n"
        + "cost = 0.12\ndt = \"2026-12-01T10:00:00Z\"\netype = \"clear\"\nbs_mktid = \"btcusdt.spot\"\n\n";
    cases.put("generated-huge-string", (good + good.replace("T-1", "T-2").replace("btcusdt.spot.sim",
        "x".repeat(3_000_000)) + good.replace("T-1", "T-3")).getBytes());
    return cases.entrySet().stream().map(entry -> counted("ledger", entry.getKey(), () -> {
      Path dataDir = work.resolve("ledgers").resolve(entry.getKey());
      Path file = LedgerFile.path(dataDir, "sim.paper");
      Files.createDirectories(file.getParent());
      Files.write(file, entry.getValue());
      if (entry.getKey().startsWith("repaired-")) {
        // what a kill mid-append leaves: the complete tables stay, the torn bytes are kept beside the file
        try (LedgerFile ledger = LedgerFile.open(dataDir, "sim.paper")) {
          assertEquals(2, ledger.clears().size());
          assertTrue(ledger.droppedTornBytes() > 0);
          assertTrue(ledger.tornCopy().isPresent() && Files.exists(ledger.tornCopy().get()));
        }
        return;
      }
      IOException refused = assertThrows(IOException.class, () -> LedgerFile.open(dataDir, "sim.paper").close());
      clear(refused.getMessage(), "trades_sim_paper.toml");
      assertArrayEquals(entry.getValue(), Files.readAllBytes(file), "unchanged");
    }));
  }

  // ---- emsd journals, damaged copies of the golden one

  @TestFactory
  Stream<DynamicTest> journals() throws IOException {
    Path golden = Processes.repoRoot().resolve("emsd/src/test/resources/golden/journal-v2");
    byte[] journal = Files.readAllBytes(golden.resolve("orders.journal"));
    byte[] snapshot = Files.readAllBytes(golden.resolve("orders.snapshot"));
    List<int[]> records = records(journal);
    assertTrue(records.size() >= 2, "the golden journal has records to reorder: " + records.size());
    Map<String, byte[][]> cases = new TreeMap<>();
    cases.put("bad-magic", new byte[][] {flip(journal, 0), snapshot});
    cases.put("future-version", new byte[][] {patchInt(journal, 4, 99), snapshot});
    cases.put("record-length-huge", new byte[][] {patchInt(journal, 8, Integer.MAX_VALUE), snapshot});
    cases.put("bit-flip-with-records-after", new byte[][] {flip(journal, records.get(0)[0] + 12), snapshot});
    cases.put("reordered-records", new byte[][] {swap(journal, records.get(0), records.get(1)), snapshot});
    cases.put("empty-journal", new byte[][] {new byte[0], snapshot});
    cases.put("snapshot-bit-flip", new byte[][] {journal, flip(snapshot, snapshot.length - 3)});
    cases.put("snapshot-future-version", new byte[][] {journal, patchInt(snapshot, 4, 99)});
    cases.put("snapshot-truncated", new byte[][] {journal, java.util.Arrays.copyOf(snapshot, snapshot.length / 2)});
    int[] last = records.get(records.size() - 1);
    cases.put("repaired-torn-last-record", new byte[][] {java.util.Arrays.copyOf(journal, last[0] + last[1] / 2),
        snapshot});
    return cases.entrySet().stream().map(entry -> counted("journal", entry.getKey(), () -> {
      Path dir = Files.createDirectories(work.resolve("journals").resolve(entry.getKey()));
      Files.write(dir.resolve("orders.journal"), entry.getValue()[0]);
      Files.write(dir.resolve("orders.snapshot"), entry.getValue()[1]);
      if (entry.getKey().startsWith("repaired-")) {
        OrderLog.Settings.in(dir).open().close(); // the torn record was never acted on: it goes, the rest opens
        assertEquals(last[0], Files.size(dir.resolve("orders.journal")));
        return;
      }
      IOException refused = assertThrows(IOException.class, () -> OrderLog.Settings.in(dir).open().close());
      assertTrue(refused.getMessage().contains("orders.journal") || refused.getMessage().contains("orders.snapshot"),
          refused.getMessage());
      assertFalse(refused.getMessage().contains("\tat "), refused.getMessage());
      assertArrayEquals(entry.getValue()[0], Files.readAllBytes(dir.resolve("orders.journal")), "journal unchanged");
      assertArrayEquals(entry.getValue()[1], Files.readAllBytes(dir.resolve("orders.snapshot")), "snapshot unchanged");
    }));
  }

  /** Each record's {start, whole length}: after the 8-byte header, [length][crc][body] (emsd's JournalFormat). */
  private static List<int[]> records(byte[] journal) {
    List<int[]> records = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(journal);
    in.position(8);
    while (in.remaining() >= 8) {
      int start = in.position();
      int length = in.getInt();
      in.position(in.position() + 4 + length);
      records.add(new int[] {start, 8 + length});
    }
    return records;
  }

  private static byte[] flip(byte[] bytes, int at) {
    return patched(bytes, copy -> {
      copy[at] ^= 0x10;
      return copy;
    });
  }

  private static byte[] patchInt(byte[] bytes, int at, int value) {
    return patched(bytes, copy -> {
      ByteBuffer.wrap(copy).putInt(at, value);
      return copy;
    });
  }

  private static byte[] swap(byte[] bytes, int[] first, int[] second) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, first[0]);
    out.write(bytes, second[0], second[1]);
    out.write(bytes, first[0], first[1]);
    out.write(bytes, second[0] + second[1], bytes.length - second[0] - second[1]);
    return out.toByteArray();
  }

  private static byte[] patched(byte[] bytes, UnaryOperator<byte[]> change) {
    return change.apply(bytes.clone());
  }

  // ---- command lines

  @TestFactory
  Stream<DynamicTest> commandLines() throws IOException {
    Path dir = Files.createDirectories(work.resolve("cli"));
    List<String> lines = Files.readAllLines(CORPUS.resolve("cli/args.jsonl")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    List<String[]> commands = new ArrayList<>();
    for (String line : lines) {
      List<String> args = new ArrayList<>();
      JSON.readTree(line).forEach(arg -> args.add(arg.asText()));
      args.addAll(List.of("-c", dir.toString()));
      if (!args.contains("--registry")) {
        args.addAll(List.of("--registry", "127.0.0.1:1")); // nothing listens: a case past validation exits 3
      }
      commands.add(args.toArray(String[]::new));
    }
    // every line in one client JVM, one after another, each as bin/piker runs it
    List<CliResult> results = Processes.pikerBatch(Duration.ofSeconds(120), commands);
    return java.util.stream.IntStream.range(0, lines.size()).mapToObj(i -> counted("command line",
        abbreviated(lines.get(i)), () -> {
          CliResult run = results.get(i);
          assertEquals(2, run.exitCode(), "exit code; stderr: " + run.stderr());
          assertEquals("", run.stdout(), "nothing on stdout");
          assertEquals(1, run.stderr().strip().lines().count(), "one line on stderr: " + run.stderr());
          assertFalse(run.stderr().contains("Exception"), run.stderr());
          assertTrue(run.stderr().length() < 1_000, "the value is cut, not echoed whole: " + run.stderr().length()
              + " chars");
        }));
  }

  private static String abbreviated(String line) {
    return line.length() > 80 ? line.substring(0, 77) + "..." : line;
  }

  // ---- raw remote messages from a JVM without the client library

  @TestFactory
  Stream<DynamicTest> remoteMessages() throws Exception {
    Path dir = work.resolve("pikerd");
    Processes.writeConf(dir, "[sim]\nseed = 42\ntick_rate = 0\nvenue = \"\"\n");
    pikerd = Processes.startPikerd(dir, "127.0.0.1:0");
    PikerClient reader = PikerClient.connect(dir, RegistryAddress.parse(pikerd.address()), "WARNING",
        Duration.ofSeconds(30));
    reader.maybeSpawn(piker.contracts.names.ServiceName.parse("samplerd")); // a daemon to keep serving
    Process sender = Processes.java(RawSenderMain.class, pikerd.address());
    PrintWriter cases = new PrintWriter(sender.getOutputStream(), true, StandardCharsets.UTF_8);
    BufferedReader outcomes = Processes.stdout(sender);
    List<String> lines = Files.readAllLines(CORPUS.resolve("remote/messages.jsonl")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    List<DynamicTest> tests = new ArrayList<>();
    for (String line : lines) {
      JsonNode spec = JSON.readTree(line);
      String name = spec.get("case").asText();
      tests.add(counted("remote message", name, () -> {
        cases.println(line);
        String outcome = outcomes.readLine();
        assertTrue(outcome != null && outcome.endsWith(" " + name), "the sender's word on " + name + ": " + outcome);
        if (!name.equals("oversized-frame")) {
          // pikerd read the case and then answered an Identify on the same connection: it is past it
          assertEquals("answered " + name, outcome);
        }
        assertTrue(pikerd.process().isAlive(), "pikerd runs");
        assertTrue(reader.health().ok(), "every daemon up: " + reader.health());
        assertTrue(reader.listServices().stream().anyMatch(service -> service.name().equals("samplerd")),
            "samplerd still there (no ShutdownAll, no Stop got through)");
      }));
    }
    tests.add(DynamicTest.dynamicTest("remote message: the sender ends", () -> {
      cases.close();
      assertTrue(sender.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
      reader.close();
    }));
    return tests.stream();
  }
}
