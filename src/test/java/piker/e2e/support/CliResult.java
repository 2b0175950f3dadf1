package piker.e2e.support;

import java.util.List;

/** What a finished command printed and returned. */
public record CliResult(int exitCode, String stdout, String stderr) {
  /** One command's result as a {@link CliBatchMain} JVM prints it. */
  static CliResult fromBatch(com.fasterxml.jackson.databind.JsonNode result) {
    return new CliResult(result.get("exit").asInt(), result.get("stdout").asText(), result.get("stderr").asText());
  }

  /**
   * What the command said on stderr, line by line: blank lines and the CLI's notice that pikerd is slow to
   * answer (a crowded machine's, printed while it waits, never the command's own message) left out.
   */
  public List<String> stderrLines() {
    return stderr.lines().filter(line -> !line.isBlank() && !line.contains("is slow to answer")).toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }
}
