package piker.pikerd.cli.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import piker.pikerd.cli.ArchiveTraining;
import piker.pikerd.cli.Piker;
import piker.pikerd.cli.StdoutEncoding;
import piker.pikerd.runtime.Systems;

/**
 * The client agent: a client JVM kept warm that runs one-shot commands for bin/piker's thin client, one at a
 * time, each as a JVM of its own would (its own ActorSystem, logging, output and exit code), so a command costs
 * its work and not a JVM's start (docs/cli.md, "The client agent"). bin/piker starts one per build, JDK, working
 * directory and environment, in the background, when a one-shot command finds none; it trains itself first,
 * listens on its socket (its owner's alone), declines while busy, and exits after ten idle minutes, a thousand
 * commands, or a command that left something running behind. Its log (the socket's name with {@code .log}) has
 * a line per command: its word, exit code and time.
 * <p>Usage: {@code AgentServer SOCKET}
 */
public final class AgentServer {
  static final Duration IDLE = Duration.ofMillis(Long.getLong("piker.agent.idle-ms", Duration.ofMinutes(10).toMillis()));
  static final int MAX_COMMANDS = 1000;
  /** A client that has not sent its command line by then is cut off: the agent is never held by one. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** How long a finished command's ActorSystem threads may take to end before the agent gives up on this JVM. */
  private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(2);

  private final Path socket;
  private final Path log;
  private final SwitchedStream stdout;
  private final SwitchedStream stderr;
  /** Taken by the command being run, and for good by an agent that is going. */
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicInteger served = new AtomicInteger();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(daemon("piker-agent-command"));
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("piker-agent"));
  private volatile Instant lastUsed = Instant.now();
  private volatile Object fileKey;

  private AgentServer(Path socket, SwitchedStream stdout, SwitchedStream stderr) {
    this.socket = socket;
    this.log = socket.resolveSibling(socket.getFileName() + ".log");
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public static void main(String[] args) throws IOException {
    // taken before anything (logback, Pekko, Scala) holds the streams: they keep these for good
    SwitchedStream stdout = new SwitchedStream();
    SwitchedStream stderr = new SwitchedStream();
    System.setOut(new PrintStream(stdout, true));
    System.setErr(new PrintStream(stderr, true));
    Path socket = Path.of(args[0]).toAbsolutePath();
    Path starting = socket.resolveSibling(socket.getFileName() + ".starting");
    AgentServer agent = new AgentServer(socket, stdout, stderr);
    try {
      agent.serve(starting);
    } catch (IOException | RuntimeException e) {
      // the lock stays until it expires (bin/piker): a start that fails is not retried by every command
      agent.note("could not start: " + e);
      System.exit(1);
    }
  }

  private void serve(Path starting) throws IOException {
    if (Files.exists(socket) && ThinClient.listening(socket)) {
      Files.deleteIfExists(starting);
      return; // another agent has this socket already
    }
    if (Boolean.parseBoolean(System.getProperty("piker.agent.train", "true"))) {
      ArchiveTraining.train(); // the first command finds its classes loaded and compiled
    }
    ServerSocketChannel server = bind();
    Files.deleteIfExists(starting);
    if (server == null) {
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::leave, "piker-agent-leave"));
    timers.scheduleWithFixedDelay(this::exitWhenIdle, 1, 1, TimeUnit.SECONDS);
    while (true) {
      SocketChannel client = server.accept();
      if (!AgentPeers.sameUser(client)) {
        AgentWire.closeQuietly(client);
      } else if (!busy.compareAndSet(false, true)) {
        decline(client, "busy");
      } else {
        worker.execute(() -> serveOne(client));
      }
    }
  }

  /**
   * Listens on a temporary name, then takes the socket's name (a rename keeps the file: its key is read
   * before), so a client never finds the name without a listener behind it; null if a live agent has it.
   */
  private ServerSocketChannel bind() throws IOException {
    if (Files.exists(socket) && ThinClient.listening(socket)) {
      return null;
    }
    Path temporary = socket.resolveSibling(socket.getFileName() + "." + ProcessHandle.current().pid());
    Files.deleteIfExists(temporary);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(temporary));
    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
    fileKey = Files.readAttributes(temporary, BasicFileAttributes.class).fileKey();
    // the log names this agent before a client can find it
    Files.writeString(log, "", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    note("listening, pid " + ProcessHandle.current().pid());
    Files.move(temporary, socket, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return server;
  }

  private void serveOne(SocketChannel client) {
    boolean retire = false;
    try {
      retire = runFor(client);
    } catch (RuntimeException | Error e) {
      note("failed: " + e);
      retire = true;
    } finally {
      lastUsed = Instant.now();
      if (retire || served.get() >= MAX_COMMANDS) {
        // a fresh JVM for the next command: whatever this one (or a thousand) left behind goes with it
        note(retire ? "exiting: the last command left this JVM unsure" : MAX_COMMANDS + " commands: exiting");
        System.exit(0);
      }
      busy.set(false);
    }
  }

  /** Runs one client's command; true if the JVM is not fit for another. */
  private boolean runFor(SocketChannel client) {
    try (client) {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client)));
      DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(client)));
      AgentWire.writeSignal(out, AgentWire.HELLO);
      ScheduledFuture<?> cutOff = timers.schedule(() -> AgentWire.closeQuietly(client), REQUEST_TIMEOUT.toMillis(),
          TimeUnit.MILLISECONDS);
      AgentWire.Request request = AgentWire.readRequest(in);
      if (!cutOff.cancel(false)) {
        return false; // cut off as it arrived: the client runs the command itself
      }
      String whyNot = OneShot.whyNot(request.args());
      if (whyNot != null) {
        AgentWire.writeDeclined(out, whyNot);
        return false;
      }
      AgentWire.writeSignal(out, AgentWire.STARTED);
      String word = Piker.firstCommandWord(request.args());
      AtomicBoolean finished = new AtomicBoolean();
      watchCaller(client, word, finished);
      Instant start = Instant.now();
      int code = run(request, out);
      finished.set(true);
      served.incrementAndGet();
      note(word + " exit " + code + " in " + Duration.between(start, Instant.now()).toMillis() + " ms");
      AgentWire.writeExit(out, code);
      return leftSomethingRunning();
    } catch (IOException e) {
      return false; // the client went away or sent nothing we read: its command, if it started, has ended
    }
  }

  /**
   * Ends this JVM when the caller goes (Ctrl-C, a signal, a kill) before its command has: as the command's own JVM
   * would have ended, its ActorSystem stopped by its shutdown hook, nothing more sent for it. The client sends
   * nothing after its command line, so a read returns only at its end. The channel is read directly: its
   * streams would hold the lock the command's output is written under.
   */
  private void watchCaller(SocketChannel client, String word, AtomicBoolean finished) {
    Thread watcher = new Thread(() -> {
      try {
        client.read(ByteBuffer.allocate(1));
      } catch (IOException closed) {
        // closed either way
      }
      if (!finished.get()) {
        note(word + " stopped: its caller went first; exiting, as the command's own JVM would have");
        System.exit(130);
      }
    }, "piker-agent-caller");
    watcher.setDaemon(true);
    watcher.start();
  }

  /**
   * Runs one command line with this JVM's standard streams sent to the client, in the client's encoding. Fresh
   * print streams for each command: a write that failed for one must not mark the next one's output failed.
   */
  private int run(AgentWire.Request request, DataOutputStream out) {
    Charset charset = StdoutEncoding.named(request.encoding());
    System.setProperty("stdout.encoding", charset.name()); // what Piker.run writes stdout in, as the caller's JVM
    stdout.switchTo(new AgentWire.FrameStream(out, AgentWire.STDOUT));
    stderr.switchTo(new AgentWire.FrameStream(out, AgentWire.STDERR));
    System.setOut(new PrintStream(stdout, true, charset));
    System.setErr(new PrintStream(stderr, true, charset));
    try {
      return Piker.run(request.args());
    } finally {
      System.out.flush();
      System.err.flush();
      stdout.discard();
      stderr.discard();
    }
  }

  /** Whether a client ActorSystem of the command outlived it (its stop gave up): its threads would log into the next. */
  private static boolean leftSomethingRunning() {
    return Systems.outlived("piker-client", LEFTOVER_GRACE);
  }

  private static void decline(SocketChannel client, String why) {
    try (client) {
      AgentWire.writeDeclined(new DataOutputStream(Channels.newOutputStream(client)), why);
    } catch (IOException e) {
      // it went away: it runs the command itself either way
    }
  }

  private void exitWhenIdle() {
    boolean idle = Duration.between(lastUsed, Instant.now()).compareTo(IDLE) >= 0;
    // taken as busy first: a client arriving now is declined and runs its command itself, none is cut off
    if ((idle || !ours()) && busy.compareAndSet(false, true)) {
      note(idle ? "idle " + IDLE.toSeconds() + " s: exiting" : "socket removed: exiting");
      System.exit(0);
    }
  }

  /** Whether the socket's name is still this agent's (a user may remove it: then the agent goes). */
  private boolean ours() {
    try {
      return fileKey != null && fileKey.equals(Files.readAttributes(socket, BasicFileAttributes.class).fileKey());
    } catch (IOException e) {
      return false;
    }
  }

  /** On the way out, however it came: no new command is taken, and the socket's name is given up. */
  private void leave() {
    busy.set(true);
    try {
      if (ours()) {
        Files.deleteIfExists(socket);
      }
    } catch (IOException e) {
      // a client that finds it without a listener removes it
    }
  }

  private void note(String line) {
    try {
      Files.writeString(log, Instant.now() + " " + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the log is a convenience
    }
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
