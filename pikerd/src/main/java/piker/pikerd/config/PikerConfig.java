package piker.pikerd.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** conf.toml: plain settings every daemon may read, read when used and never cached in a static. */
public final class PikerConfig {
  private PikerConfig() {}

  /** The whole file as nested maps; empty when the file does not exist. */
  public static Map<String, Object> read(Path configDir) {
    Path file = configDir.resolve("conf.toml");
    if (!Files.exists(file)) {
      return Map.of();
    }
    try {
      return new TomlMapper().readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** One section ({@code [sim]}), empty when absent. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> section(Path configDir, String name) {
    Object section = read(configDir).get(name);
    if (section == null) {
      return Map.of();
    }
    if (!(section instanceof Map)) {
      throw new IllegalArgumentException("conf.toml: '" + name + "' must be a table");
    }
    return (Map<String, Object>) section;
  }
}
