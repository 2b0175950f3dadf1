package piker.e2e.support;

import java.util.List;

/** What a finished command printed and returned. */
public record CliResult(int exitCode, String stdout, String stderr) {
  public List<String> stderrLines() {
    return stderr.lines().filter(line -> !line.isBlank()).toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }
}
