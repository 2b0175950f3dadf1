package piker.backends.sim.venue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * A JSON-lines file as the venue writes it: one JSON value per line, each line ended by a newline in
 * the same write. Only the last line can be torn (a kill in the middle of a write, before the venue
 * answered); it carries no newline and is cut with a warning. A damaged line anywhere else means the
 * file was changed by something other than the venue: it is refused, naming the file and the line.
 */
final class JsonLines {
  /** A line's number in the file (from 1) and its value. */
  record Line(int number, JsonNode value) {}

  /** The whole lines, how many bytes they take, and the unterminated tail after them (empty if none). */
  record Content(List<Line> lines, long wholeLength, String tornTail) {}

  /** A line other than a torn last one that cannot be read: the file is not used. */
  static final class DamagedFile extends IllegalStateException {
    DamagedFile(Path file, int line, String reason) {
      super(file + " line " + line + " is damaged (" + reason + "); the sim venue does not use a damaged file: "
          + "repair that line, or move the file aside to start without what it held");
    }
  }

  private JsonLines() {}

  /** Reads a file; a missing file is empty. */
  static Content read(Path file, VenueJson json) throws IOException {
    if (!Files.exists(file)) {
      return new Content(List.of(), 0, "");
    }
    byte[] bytes = Files.readAllBytes(file);
    List<Line> lines = new ArrayList<>();
    int start = 0;
    int number = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        number++;
        String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        if (!text.isBlank()) {
          try {
            lines.add(new Line(number, json.parse(text)));
          } catch (IllegalArgumentException e) {
            throw new DamagedFile(file, number, e.getMessage());
          }
        }
        start = i + 1;
      }
    }
    return new Content(lines, start, new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
  }

  /** Cuts a torn tail off the file through the channel, warning with what was cut. */
  static void cutTornTail(Path file, FileChannel channel, Content content, Logger log) throws IOException {
    if (content.tornTail().isEmpty()) {
      return;
    }
    log.warn("{}: cut a torn last line left by an interrupted write, never acknowledged ({} bytes: {})", file,
        content.tornTail().getBytes(StandardCharsets.UTF_8).length, preview(content.tornTail()));
    channel.truncate(content.wholeLength());
  }

  private static String preview(String text) {
    return text.length() <= 200 ? "'" + text + "'" : "'" + text.substring(0, 200) + "…'";
  }
}
