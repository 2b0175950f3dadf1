package piker.e2e.support;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import piker.pikerd.cli.Piker;
import piker.pikerd.runtime.Systems;

/**
 * Several piker command lines in one client JVM, one after another, as {@code bin/piker} would run each: for a
 * test with many short commands (bad input, say) that would otherwise pay a JVM start each. Reads one JSON array
 * of arguments a line on stdin; prints one JSON object a line, {@code {"exit", "stdout", "stderr"}}, on the
 * process's own stdout as each command ends. Every command still connects to pikerd over remoting from this
 * other JVM.
 */
public final class CliBatchMain {
  private CliBatchMain() {}

  /** An output stream whose target changes per command: whoever took System.out once (Scala's Console) follows. */
  private static final class Switch extends OutputStream {
    private volatile OutputStream target;

    Switch(OutputStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      target.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
      target.write(bytes, offset, length);
    }

    @Override
    public void flush() throws java.io.IOException {
      target.flush();
    }
  }

  public static void main(String[] args) throws Exception {
    // set before anything (Pekko, logback, Scala) can take the streams: they hold these for good
    PrintStream results = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    OutputStream realErr = new FileOutputStream(FileDescriptor.err);
    Switch out = new Switch(OutputStream.nullOutputStream());
    Switch err = new Switch(realErr);
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    JsonMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      String[] command = json.readValue(line, String[].class);
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      out.target = stdout;
      err.target = stderr;
      int exit;
      try {
        exit = Piker.run(command);
      } finally {
        System.out.flush();
        System.err.flush();
        // between commands: nothing is the next command's, and late writes are still seen (on stderr)
        out.target = realErr;
        err.target = realErr;
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("exit", exit);
      result.put("stdout", stdout.toString(StandardCharsets.UTF_8));
      result.put("stderr", stderr.toString(StandardCharsets.UTF_8));
      // a command whose ActorSystem did not stop would write into the next one's output: this JVM should go
      result.put("retire", Systems.outlived("piker-client", Duration.ofSeconds(2)));
      results.println(json.writeValueAsString(result));
    }
    // a leftover ActorSystem's threads would keep this JVM alive after its caller has gone
    System.exit(0);
  }
}
