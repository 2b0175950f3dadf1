package piker.pikerd.cli.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AgentWireTest {
  @Test
  void aCommandLineArrivesWholeWithItsUnicodeEmptyArgumentsAndTheCallersEncoding() throws IOException {
    String[] args = {"order", "buy", "btcusdt.spot.sim", "--account", "", "--oid", "ordre-é-✓"};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AgentWire.writeRequest(new DataOutputStream(bytes), new AgentWire.Request("ISO-8859-1", args));

    AgentWire.Request read = AgentWire.readRequest(in(bytes.toByteArray()));
    assertArrayEquals(args, read.args());
    assertEquals("ISO-8859-1", read.encoding());
  }

  @Test
  void anotherVersionTooManyArgumentsOrAnOversizedOrCutLineIsRefusedBeforeItIsRead() throws IOException {
    ByteArrayOutputStream other = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(other);
    out.writeUTF("piker-agent/9");
    out.writeUTF("UTF-8");
    out.writeInt(0);
    assertEquals("speaks piker-agent/9, not piker-agent/1",
        assertThrows(IOException.class, () -> AgentWire.readRequest(in(other.toByteArray()))).getMessage());

    assertThrows(IOException.class, () -> AgentWire.readRequest(in(header(AgentWire.MAX_ARGS + 1))));
    assertThrows(IOException.class, () -> AgentWire.readRequest(in(header(-1))));

    ByteArrayOutputStream huge = new ByteArrayOutputStream();
    DataOutputStream hugeOut = new DataOutputStream(huge);
    hugeOut.write(header(1));
    hugeOut.writeInt(AgentWire.MAX_LINE_BYTES + 1); // announced, never sent: refused on the length alone
    assertThrows(IOException.class, () -> AgentWire.readRequest(in(huge.toByteArray())));

    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    AgentWire.writeRequest(new DataOutputStream(whole), new AgentWire.Request("UTF-8", new String[] {"services"}));
    byte[] cut = Arrays.copyOf(whole.toByteArray(), whole.size() - 2);
    assertThrows(EOFException.class, () -> AgentWire.readRequest(in(cut)));
  }

  @Test
  void framesCarryOutputInOrderThenTheExitCodeAndTheEndIsSeen() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    new AgentWire.FrameStream(out, AgentWire.STDOUT).write("NAME\n".getBytes(StandardCharsets.UTF_8));
    new AgentWire.FrameStream(out, AgentWire.STDERR).write('!');
    AgentWire.writeExit(out, 3);

    DataInputStream in = in(bytes.toByteArray());
    AgentWire.Frame first = AgentWire.readFrame(in);
    assertEquals(AgentWire.STDOUT, first.kind());
    assertEquals("NAME\n", new String(first.bytes(), StandardCharsets.UTF_8));
    AgentWire.Frame second = AgentWire.readFrame(in);
    assertEquals(AgentWire.STDERR, second.kind());
    assertArrayEquals(new byte[] {'!'}, second.bytes());
    AgentWire.Frame exit = AgentWire.readFrame(in);
    assertEquals(AgentWire.EXIT, exit.kind());
    assertEquals(3, exit.exitCode());
    assertNull(AgentWire.readFrame(in));
  }

  @Test
  void aNegativeExitCodeAndABadFrameLengthAreReadAsTheyAre() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AgentWire.writeExit(new DataOutputStream(bytes), -2);
    assertEquals(-2, AgentWire.readFrame(in(bytes.toByteArray())).exitCode());

    ByteArrayOutputStream bad = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bad);
    out.writeByte(AgentWire.EXIT);
    out.writeInt(7); // an exit frame is four bytes
    assertThrows(IOException.class, () -> AgentWire.readFrame(in(bad.toByteArray())));
  }

  private static byte[] header(int count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF(AgentWire.VERSION);
    out.writeUTF("UTF-8");
    out.writeInt(count);
    return bytes.toByteArray();
  }

  private static DataInputStream in(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }
}
