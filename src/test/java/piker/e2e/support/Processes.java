package piker.e2e.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Launches real piker processes (through bin/) and test mains, the way a user's shell would. */
public final class Processes {
  private static final ObjectMapper BATCH_JSON = new ObjectMapper();
  /** Test JVMs tune the death-watch detector so a killed JVM is noticed in seconds, not ten. */
  public static final String JAVA_OPTS = "-Dpekko.actor.serialize-messages=on"
      + " -Dpekko.remote.watch-failure-detector.acceptable-heartbeat-pause=3s";

  private Processes() {}

  public static Path repoRoot() {
    return Path.of(System.getProperty("piker.repo.root", "../..")).toAbsolutePath().normalize();
  }

  public static Path bin(String name) {
    return repoRoot().resolve("bin").resolve(name);
  }

  /** bin/ launchers run on the test class path, so the test backend and mains are found too. */
  private static ProcessBuilder launcher(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("PIKER_CLASSPATH", ChildJvms.classpath());
    env.put("PIKER_JAVA_OPTS", javaOpts(isPikerd(command) ? ChildJvms.Kind.PIKERD : ChildJvms.Kind.CLIENT));
    env.remove("PIKER_CONFIG_DIR");
    env.remove("PIKER_REGISTRY");
    env.remove("PIKER_CONNECT_TIMEOUT"); // the CLI's own default: wait for a slow pikerd, fail fast on none
    return builder;
  }

  private static boolean isPikerd(List<String> command) {
    return command.get(0).endsWith("pikerd") || command.size() > 1 && command.get(1).equals("pikerd");
  }

  /**
   * A test pikerd compiles with C1 alone: the suite starts some thirty pikerds that live seconds to a minute,
   * and C2's compiler threads would spend more CPU on each than its tests do on two shared cores. What the
   * tests check does not depend on the JIT; the benchmarks run pikerd as bin/pikerd does.
   */
  static final String PIKERD_JIT = "-XX:TieredStopAtLevel=1";

  /** The options of every test child, and the class-data archive of its kind once there is one. */
  private static String javaOpts(ChildJvms.Kind kind) {
    String jit = kind == ChildJvms.Kind.PIKERD ? PIKERD_JIT + " " : "";
    return (jit + JAVA_OPTS + " " + ChildJvms.archiveOptions(kind)).strip();
  }

  /** Starts {@code bin/pikerd} and waits for its ready line. */
  public static PikerdProcess startPikerd(Path configDir, String registry, String... extra) throws IOException {
    return startPikerdWith(Map.of(), configDir, registry, extra);
  }

  /** As {@link #startPikerd}, with config overrides as system properties (e.g. a test without backfill). */
  public static PikerdProcess startPikerdWith(Map<String, String> overrides, Path configDir, String registry,
                                              String... extra) throws IOException {
    List<String> command = new ArrayList<>(List.of(bin("pikerd").toString(), "-c", configDir.toString(),
        "--registry", registry));
    command.addAll(List.of(extra));
    Path stderr = Files.createTempFile("pikerd", ".err");
    ProcessBuilder builder = launcher(command).redirectError(stderr.toFile());
    StringBuilder opts = new StringBuilder(javaOpts(ChildJvms.Kind.PIKERD));
    overrides.forEach((key, value) -> opts.append(" -D").append(key).append('=').append(value));
    builder.environment().put("PIKER_JAVA_OPTS", opts.toString());
    Process process = builder.start();
    // generous: a ready pikerd answers at once, and the first ones of a run share two cores with the class-data
    // archives' training (ChildJvms); -Dpiker.e2e.startup-seconds=N for a box crowded by other work
    return PikerdProcess.awaitReady(process, stderr, Duration.ofSeconds(Long.getLong("piker.e2e.startup-seconds", 60)));
  }

  /** Starts {@code bin/pikerd} and returns at once, without waiting for it to get ready; stderr goes to {@code stderr}. */
  public static Process launchPikerd(Path configDir, String registry, Path stderr) throws IOException {
    return launcher(List.of(bin("pikerd").toString(), "-c", configDir.toString(), "--registry", registry))
        .redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /**
   * Starts {@code bin/pikerd} as a non-interactive shell's background job ({@code pikerd … &}), which inherits SIGINT
   * ignored; the shell prints the job's pid, waits for it and exits with its exit code. pikerd's stdout goes to
   * {@code stdout}, its stderr to {@code stderr}.
   */
  public static Process launchPikerdAsShellJob(Path configDir, String registry, Path stdout, Path stderr)
      throws IOException {
    ProcessBuilder builder = launcher(List.of("sh", "-c", "\"$0\" -c \"$1\" --registry \"$2\" >\"$3\" 2>\"$4\" &"
        + " echo $!; wait $!", bin("pikerd").toString(), configDir.toString(), registry, stdout.toString(),
        stderr.toString()));
    builder.environment().put("PIKER_JAVA_OPTS", javaOpts(ChildJvms.Kind.PIKERD));
    return builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Runs {@code bin/piker ARGS} to completion. */
  public static CliResult piker(Duration timeout, String... args) {
    return piker(Map.of(), timeout, args);
  }

  /**
   * Runs {@code bin/piker ARGS} to completion with extra environment variables. A one-shot command with none runs
   * in a warm client JVM while one is free, as bin/piker's client agent would run it ({@link SharedCli}).
   */
  public static CliResult piker(Map<String, String> env, Duration timeout, String... args) {
    if (env.isEmpty()) {
      Optional<CliResult> warm = SharedCli.tryRun(timeout, args);
      if (warm.isPresent()) {
        return warm.get();
      }
    }
    List<String> command = new ArrayList<>();
    command.add(bin("piker").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = launcher(command);
    builder.environment().putAll(env);
    return run(builder, timeout);
  }

  /**
   * Runs {@code bin/piker ARGS} as a user's shell does: on the build's own jars (pikerd/target), not the test class
   * path, so what bin/piker does only then (the client agent) happens; {@code env} is added to the environment.
   */
  public static CliResult pikerAsBuilt(Map<String, String> env, Duration timeout, String... args) {
    return run(asBuilt(env, args), timeout);
  }

  /** As {@link #pikerAsBuilt}, started and left running; its stderr is read from the process. */
  public static Process startPikerAsBuilt(Map<String, String> env, String... args) throws IOException {
    return asBuilt(env, args).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static ProcessBuilder asBuilt(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(bin("piker").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = launcher(command);
    builder.environment().remove("PIKER_CLASSPATH");
    builder.environment().remove("PIKER_JAVA_OPTS");
    builder.environment().putAll(env);
    return builder;
  }

  /**
   * Runs several command lines one after another in one client JVM ({@link CliBatchMain}), each as
   * {@code bin/piker} would: for many short commands, without a JVM start each. Results in order.
   */
  public static List<CliResult> pikerBatch(Duration timeout, List<String[]> commands) {
    try {
      Process batch = batchBuilder().start();
      // one bound for the whole batch: a command that hangs ends the JVM, and the read below sees its end
      CompletableFuture<Void> deadline = CompletableFuture.runAsync(batch::destroyForcibly,
          CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
      try (PrintWriter in = new PrintWriter(batch.getOutputStream(), true, StandardCharsets.UTF_8)) {
        for (String[] command : commands) {
          in.println(BATCH_JSON.writeValueAsString(command));
        }
      }
      List<CliResult> results = new ArrayList<>();
      BufferedReader out = stdout(batch);
      for (String[] command : commands) {
        String line = out.readLine();
        assertTrue(line != null, "the batch JVM ended before '" + String.join(" ", command) + "' answered (or ran"
            + " past " + timeout + ")");
        JsonNode result = BATCH_JSON.readTree(line);
        results.add(CliResult.fromBatch(result));
      }
      boolean exited = batch.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      deadline.cancel(false);
      if (!exited) {
        batch.destroyForcibly().waitFor();
      }
      assertTrue(exited, "the batch JVM did not exit within " + timeout);
      return results;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A {@link CliBatchMain} JVM, in the environment bin/piker would see here: no user's dir, registry or timeout. */
  static ProcessBuilder batchBuilder() {
    ProcessBuilder builder = javaBuilder(CliBatchMain.class);
    builder.environment().keySet().removeAll(List.of("PIKER_CONFIG_DIR", "PIKER_REGISTRY", "PIKER_CONNECT_TIMEOUT"));
    return builder;
  }

  /** Starts {@code bin/piker ARGS} and leaves it running; stderr goes to the test's output. */
  public static Process startPiker(String... args) throws IOException {
    return startPiker(ProcessBuilder.Redirect.INHERIT, args);
  }

  /** Starts {@code bin/piker ARGS} and leaves it running; stderr goes where {@code stderr} says. */
  public static Process startPiker(ProcessBuilder.Redirect stderr, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(bin("piker").toString());
    command.addAll(List.of(args));
    return launcher(command).redirectError(stderr).start();
  }

  /** Writes a conf.toml before first use, so pikerd and the CLI start from it. */
  public static void writeConf(Path configDir, String toml) throws IOException {
    Files.createDirectories(configDir);
    Files.writeString(configDir.resolve("conf.toml"), toml);
  }

  /** Starts a test main in its own JVM on the test class path. */
  public static Process java(Class<?> main, String... args) throws IOException {
    return javaBuilder(main, args).start();
  }

  private static ProcessBuilder javaBuilder(Class<?> main, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow"); // as bin/piker: no JEP 498 warning in a command's stderr
    }
    command.addAll(List.of(javaOpts(ChildJvms.Kind.CLIENT).split(" ")));
    command.addAll(List.of("-cp", ChildJvms.classpath(), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
  }

  public static CliResult run(ProcessBuilder builder, Duration timeout) {
    try {
      Path out = Files.createTempFile("piker", ".out");
      Path err = Files.createTempFile("piker", ".err");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor();
      }
      assertTrue(exited, "'" + String.join(" ", builder.command()) + "' did not exit within " + timeout
          + "; stderr: " + Files.readString(err));
      CliResult result = new CliResult(process.exitValue(), Files.readString(out), Files.readString(err));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Reads lines from a child's stdout. */
  public static BufferedReader stdout(Process process) {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** An assertion about another process, retried until it holds or {@code within} has passed (like awaitAssert). */
  public static <T> T awaitAssert(Duration within, java.util.concurrent.Callable<T> assertion) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        return assertion.call();
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  /**
   * A port nobody listens on right now, for "no pikerd there" cases. Another process may take it at any
   * moment, so anything that is to listen binds port 0 itself and reports the port it got.
   */
  public static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
