package piker.e2e.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * What every child JVM of the end-to-end tests starts from: the test class path, with its class directories
 * packed as jars, and class-data-sharing archives of the classes pikerd and a CLI load.
 *
 * <p>The suite starts some two hundred JVMs (pikerd and a {@code piker} per command), and on a two-core CI
 * machine loading and verifying Pekko's classes is most of each start. A dynamic CDS archive ({@code
 * -XX:ArchiveClassesAtExit}, JDK 13+) maps them already parsed and verified. The archives are made once per
 * test run, in the background, by one real pikerd and one real command; until they are ready children start
 * as they always did, so nothing depends on them but speed. CDS refuses a class path holding a non-empty
 * directory, hence the jars. A JVM that cannot use an archive (another JDK, a changed jar) ignores it
 * silently: the CDS log is off.
 */
final class ChildJvms {
  /** Which archive a child maps: pikerd's daemons, or a short-lived client. */
  enum Kind { PIKERD, CLIENT }

  private static final String QUIET_CDS = "-Xlog:cds*=off -Xlog:class+path*=off";
  /** {@code -Dpiker.e2e.keep=true} keeps the jars, archives and class path after the run, to look at. */
  private static final Path HOME = makeHome();
  private static final String CLASSPATH = packDirectories(System.getProperty("java.class.path"));
  /** {@code -Dpiker.e2e.cds=off} runs the children without archives, to compare or to rule them out. */
  private static final CompletableFuture<Boolean> ARCHIVED = "off".equals(System.getProperty("piker.e2e.cds"))
      ? CompletableFuture.completedFuture(false)
      : CompletableFuture.supplyAsync(ChildJvms::timedTraining, ChildJvms::daemon);

  private ChildJvms() {}

  /** The class path children run on: the test JVM's, every directory in it packed as a jar. */
  static String classpath() {
    return CLASSPATH;
  }

  /** The JVM options that map this kind's archive, once it exists; nothing before. */
  static String archiveOptions(Kind kind) {
    return ARCHIVED.getNow(false) ? "-XX:SharedArchiveFile=" + archive(kind) + " " + QUIET_CDS : "";
  }

  private static Path archive(Kind kind) {
    return HOME.resolve(kind.name().toLowerCase(java.util.Locale.ROOT) + ".jsa");
  }

  private static Path makeHome() {
    try {
      Path home = Files.createTempDirectory("piker-child-jvms");
      if (!Boolean.getBoolean("piker.e2e.keep")) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home)));
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String packDirectories(String classpath) {
    List<String> entries = new ArrayList<>();
    int index = 0;
    for (String entry : classpath.split(File.pathSeparator)) {
      Path path = Path.of(entry);
      entries.add(Files.isDirectory(path) ? pack(path, HOME.resolve("dir-" + index++ + ".jar")).toString() : entry);
    }
    String packed = String.join(File.pathSeparator, entries);
    if (Boolean.getBoolean("piker.e2e.keep")) { // to start a child by hand as the tests do
      try {
        Files.writeString(HOME.resolve("classpath"), packed);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return packed;
  }

  private static Path pack(Path directory, Path jar) {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
         Stream<Path> files = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) files.sorted()::iterator) {
        String name = directory.relativize(path).toString().replace(File.separatorChar, '/');
        if (name.isEmpty()) {
          continue;
        }
        boolean folder = Files.isDirectory(path);
        out.putNextEntry(new JarEntry(folder ? name + "/" : name));
        if (!folder) {
          Files.copy(path, out);
        }
        out.closeEntry();
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The training, and one line in the test output saying how it went (it is only ever about speed). */
  private static boolean timedTraining() {
    long start = System.nanoTime();
    boolean done = train();
    System.err.printf("child JVM class-data archives %s after %d ms%n", done ? "in use" : "not made (children start"
        + " without)", (System.nanoTime() - start) / 1_000_000);
    return done;
  }

  /**
   * One pikerd on the sim venue dumps its classes at exit, after a command has made it spawn datad; that
   * command dumps the client's. False, and no archive used, if anything about it fails.
   */
  private static boolean train() {
    Process pikerd = null;
    try {
      Path config = Files.createDirectories(HOME.resolve("training"));
      Files.writeString(config.resolve("conf.toml"), "[sim]\ntick_rate = 0\n");
      pikerd = start(Kind.PIKERD, List.of("pikerd", "-c", config.toString(), "--registry", "127.0.0.1:0"));
      BufferedReader out = new BufferedReader(new InputStreamReader(pikerd.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine(); // a pikerd that never gets ready is killed when the tests end
      if (ready == null || !ready.startsWith("pikerd ready ")) {
        return false;
      }
      String registry = ready.substring("pikerd ready ".length()).strip();
      boolean clientDone = run(start(Kind.CLIENT, List.of("search", "btc", "--broker", "sim", "-c",
          config.toString(), "--registry", registry)));
      // emsd's and paperboi's classes too; this client's own are in the archive already
      boolean ordersDone = run(start(null, List.of("orders", "-c", config.toString(), "--registry", registry)));
      pikerd.destroy();
      boolean pikerdDone = pikerd.waitFor(120, TimeUnit.SECONDS);
      return clientDone && ordersDone && pikerdDone && Files.size(archive(Kind.PIKERD)) > 0
          && Files.size(archive(Kind.CLIENT)) > 0;
    } catch (Exception e) {
      return false;
    } finally {
      if (pikerd != null) {
        pikerd.destroyForcibly();
      }
    }
  }

  private static boolean run(Process client) throws InterruptedException {
    return client.waitFor(120, TimeUnit.SECONDS) && client.exitValue() == 0;
  }

  /** A training JVM that dumps {@code archive}'s classes at exit (none when null); killed if the tests end first. */
  private static Process start(Kind archive, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(archive == Kind.PIKERD ? List.of("-XX:+UseG1GC", Processes.PIKERD_JIT)
        : List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    if (archive != null) {
      command.add("-XX:ArchiveClassesAtExit=" + archive(archive));
    }
    command.addAll(List.of(QUIET_CDS.split(" ")));
    command.addAll(List.of(Processes.JAVA_OPTS.split(" ")));
    command.addAll(List.of("-cp", CLASSPATH, "piker.pikerd.cli.Piker"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    if (archive != Kind.PIKERD) {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD); // only pikerd's ready line is read
    }
    builder.environment().remove("PIKER_CONFIG_DIR");
    builder.environment().remove("PIKER_REGISTRY");
    Process process = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    return process;
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "child-jvm-archives");
    thread.setDaemon(true);
    thread.start();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory the system cleans up anyway.
    }
  }
}
