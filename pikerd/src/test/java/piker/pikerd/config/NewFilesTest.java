package piker.pikerd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewFilesTest {
  @TempDir
  Path dir;

  private long filesIn() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  void aNewFileIsMadeOwnerOnlyAndAnExistingOneIsNeverReplaced() throws IOException {
    Path secret = dir.resolve("cookie");
    assertTrue(NewFiles.create(secret, "first\n"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    assertFalse(NewFiles.create(secret, "second\n"), "the first one's stays");
    assertEquals("first\n", Files.readString(secret));
    assertEquals(1, filesIn(), "no temporary file left behind");
  }

  @Test
  void contentThatFailsLeavesNoFile() throws IOException {
    Path target = dir.resolve("node.p12");
    assertThrows(IOException.class, () -> NewFiles.create(target, out -> {
      out.write(1);
      throw new IOException("half written");
    }));
    assertFalse(Files.exists(target));
    assertEquals(0, filesIn(), "nor a temporary one");
  }
}
