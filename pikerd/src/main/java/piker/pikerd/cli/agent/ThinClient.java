package piker.pikerd.cli.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Timer;
import java.util.TimerTask;
import piker.pikerd.cli.Piker;
import piker.pikerd.cli.StdoutEncoding;

/**
 * {@code bin/piker}'s front for one-shot commands while a client agent runs (docs/cli.md, "The client agent"):
 * hands the command line to the agent's warm JVM and relays what it prints and its exit code. When no agent
 * takes the command (none listening, busy, or one it does not run) the command runs here, in this JVM, as it
 * would have without an agent: nothing has been sent anywhere by then.
 * <p>Usage: {@code ThinClient SOCKET ARGS...}
 */
public final class ThinClient {
  private static final int NOT_TAKEN = -1;
  private static final Duration GREETING_TIMEOUT = Duration.ofSeconds(2);

  private ThinClient() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("piker: the thin client needs the agent's socket");
      System.exit(2);
    }
    String[] command = Arrays.copyOfRange(args, 1, args.length);
    int code = runOnAgent(Path.of(args[0]), command);
    if (code == NOT_TAKEN) {
      Piker.main(command);
    }
    System.exit(code);
  }

  /** The command's exit code as the agent ran it, or {@link #NOT_TAKEN}. */
  static int runOnAgent(Path socket, String[] command) {
    Object fileKey = fileKey(socket);
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException | UnsupportedOperationException e) {
      return NOT_TAKEN;
    }
    // an agent that does not greet in time (stopped with its job, say) is not waited for: nothing is sent yet
    Timer greeting = new Timer("piker-thin-client", true);
    try (channel) {
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
      } catch (ConnectException refused) {
        // nobody listens there: an agent that was killed left its socket; the next launch starts another
        if (fileKey != null && fileKey.equals(fileKey(socket))) {
          Files.deleteIfExists(socket);
        }
        return NOT_TAKEN;
      }
      if (!AgentPeers.sameUser(channel)) {
        return NOT_TAKEN; // not our agent: it gets no command line
      }
      greeting.schedule(new TimerTask() {
        @Override
        public void run() {
          AgentWire.closeQuietly(channel);
        }
      }, GREETING_TIMEOUT.toMillis());
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
      DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
      AgentWire.Frame hello = AgentWire.readFrame(in);
      greeting.cancel();
      if (hello == null || hello.kind() != AgentWire.HELLO || !channel.isOpen()) {
        return NOT_TAKEN;
      }
      AgentWire.writeRequest(out, new AgentWire.Request(StdoutEncoding.charset().name(), command));
      AgentWire.Frame first = AgentWire.readFrame(in);
      if (first == null || first.kind() != AgentWire.STARTED) {
        return NOT_TAKEN;
      }
      return relay(in);
    } catch (IOException e) {
      // before STARTED: nothing ran, the command runs here; after it, relay has answered already
      return NOT_TAKEN;
    } finally {
      greeting.cancel();
    }
  }

  /**
   * Copies the command's output to this process's own until its exit code comes. Once nobody reads our stdout
   * (`| head -3` has exited) the rest is dropped but still read: the command ends on the agent with its code.
   */
  private static int relay(DataInputStream in) {
    FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
    FileOutputStream stderr = new FileOutputStream(FileDescriptor.err);
    boolean readerGone = false;
    while (true) {
      AgentWire.Frame frame;
      try {
        frame = AgentWire.readFrame(in);
      } catch (IOException e) {
        frame = null;
      }
      if (frame == null) {
        writeQuietly(stderr, "piker: the client agent stopped before the command ended; it may or may not have"
            + " taken effect (run it again with PIKER_AGENT=off to see)\n");
        return 1;
      }
      if (frame.kind() == AgentWire.EXIT) {
        return frame.exitCode();
      }
      try {
        if (frame.kind() == AgentWire.STDOUT && !readerGone) {
          stdout.write(frame.bytes());
        } else if (frame.kind() == AgentWire.STDERR) {
          stderr.write(frame.bytes());
        } // a frame kind of a later agent: skipped
      } catch (IOException closedPipe) {
        readerGone |= frame.kind() == AgentWire.STDOUT;
      }
    }
  }

  /** Whether something listens on the socket (a probe: it connects and closes at once). */
  static boolean listening(Path socket) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Object fileKey(Path socket) {
    try {
      return Objects.requireNonNullElse(Files.readAttributes(socket, BasicFileAttributes.class).fileKey(), "");
    } catch (IOException e) {
      return null;
    }
  }

  private static void writeQuietly(FileOutputStream stream, String text) {
    try {
      stream.write(text.getBytes());
    } catch (IOException ignored) {
      // stderr is gone too: the exit code says it
    }
  }
}
