package piker.pikerd.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chart window on a real X server: a private Xvfb display, the window in a JVM of its own (a
 * display is chosen when a JVM starts), fed by a fake source. Skipped where Xvfb is not installed.
 */
class ChartWindowTest {
  @Test
  void theWindowOpensRepaintsOnNewBarsAndTakesKeysAndTheWheel() throws Exception {
    Path xvfb = onPath("Xvfb");
    assumeTrue(xvfb != null, "Xvfb is not installed (Debian: apt-get install xvfb): the chart window test is skipped");
    Process server = new ProcessBuilder(xvfb.toString(), "-displayfd", "1", "-screen", "0", "800x600x24",
        "-nolisten", "tcp").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      // Xvfb picks a free display and writes its number once it takes connections
      String display = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      assumeTrue(display != null, "Xvfb did not start: the chart window test is skipped");
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      ProcessBuilder probe = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
          ChartWindowProbe.class.getName())).redirectErrorStream(true);
      probe.environment().put("DISPLAY", ":" + display.trim());
      Process run = probe.start();
      String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(true, run.waitFor(60, TimeUnit.SECONDS), "the probe did not finish: " + output);
      assertEquals(0, run.exitValue(), output);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
