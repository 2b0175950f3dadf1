package piker.brokerd.credentials;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.temporal.TemporalAccessor;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import piker.contracts.spi.Credentials;

/**
 * brokers.toml, the per-user credentials file in the config dir. brokerd is the only daemon that
 * reads it (architecture rule 2), and it reads it when a dialog needs it: nothing is cached here, so
 * there is no static state to leak across daemons or tests.
 *
 * <p>Credentials never reach a message, a log line or an error text: every {@link
 * CredentialsException} names the file, table and field only, and parser exceptions (which quote
 * source text) are neither quoted nor attached as a cause. On a POSIX file system a file that group
 * or others may read or write is refused, because a key in it is already exposed.
 */
public final class BrokersFile {
  public static final String FILE = "brokers.toml";

  /** The field every backend knows; it can come from the environment even when the file lacks it. */
  static final String API_KEY = "api_key";

  private static final Set<PosixFilePermission> READ_BITS =
      EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
  private static final Set<PosixFilePermission> WRITE_BITS =
      EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private BrokersFile() {}

  /** The broker's credentials: its [broker] table of brokers.toml, then env overrides per field. */
  public static Credentials read(Path configDir, String broker, Map<String, String> env)
      throws CredentialsException {
    Objects.requireNonNull(configDir, "configDir");
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(env, "env");
    Path file = configDir.resolve(FILE);

    Map<String, String> fields = new LinkedHashMap<>(fileTable(file, broker));
    Set<String> overridable = new LinkedHashSet<>(fields.keySet());
    overridable.add(API_KEY);
    for (String field : overridable) {
      String value = env.get(envVar(broker, field));
      if (value != null) {
        fields.put(field, value);
      }
    }
    return new Credentials(fields);
  }

  /**
   * The env var that overrides one field: PIKER_&lt;BROKER&gt;_&lt;FIELD&gt;, upper case,
   * non-alphanumerics as '_' (PIKER_SIM_API_KEY).
   */
  public static String envVar(String broker, String field) {
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(field, "field");
    return "PIKER_" + envPart(broker) + "_" + envPart(field);
  }

  private static String envPart(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(upper.length());
    for (int i = 0; i < upper.length(); i++) {
      char c = upper.charAt(i);
      boolean alnum = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      out.append(alnum ? c : '_');
    }
    return out.toString();
  }

  /** The broker's table as strings; empty when the file or the table is missing. */
  private static Map<String, String> fileTable(Path file, String broker)
      throws CredentialsException {
    String text;
    try {
      checkPrivate(file);
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return Map.of(); // no credentials: no live trading, which is not an error
    } catch (CharacterCodingException e) {
      throw new CredentialsException(file + " is not valid UTF-8 text");
    } catch (IOException e) {
      // The reason is the kind of failure only: an I/O message is no place for file content, but
      // naming the class keeps this rule easy to check.
      throw new CredentialsException(
          "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }

    Object table = parse(file, text).get(broker);
    if (table == null) {
      return Map.of();
    }
    if (!(table instanceof Map)) {
      throw new CredentialsException(
          file + ": '" + broker + "' must be a table [" + broker + "], not " + kind(table));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) table).entrySet()) {
      String field = String.valueOf(entry.getKey());
      Object value = entry.getValue();
      if (!(value instanceof String)) {
        throw new CredentialsException(
            file + ": [" + broker + "] field '" + field + "' must be a string, not " + kind(value));
      }
      fields.put(field, (String) value);
    }
    return fields;
  }

  /** Refuses a file that group or others may read or write; a no-op off POSIX. */
  private static void checkPrivate(Path file) throws IOException, CredentialsException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> perms = view.readAttributes().permissions();
    boolean readable = perms.stream().anyMatch(READ_BITS::contains);
    boolean writable = perms.stream().anyMatch(WRITE_BITS::contains);
    if (!readable && !writable) {
      return;
    }
    String how =
        readable && writable ? "readable and writable" : readable ? "readable" : "writable";
    throw new CredentialsException(
        file
            + " is "
            + how
            + " by group or others ("
            + PosixFilePermissions.toString(perms)
            + "); brokerd refuses to read credentials from it: run chmod 600 "
            + file);
  }

  /** The document as nested maps. Errors carry the position only, never parser text or a cause. */
  private static Map<String, Object> parse(Path file, String text) throws CredentialsException {
    TomlMapper mapper = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();
    try {
      Map<String, Object> doc = mapper.readValue(text, new TypeReference<Map<String, Object>>() {});
      return doc == null ? Map.of() : doc;
    } catch (JacksonException e) {
      throw new CredentialsException(file + " is not valid TOML" + position(e.getLocation()));
    } catch (IOException | RuntimeException e) {
      // Any other parser failure is reported the same way: its text may quote the file too.
      throw new CredentialsException(file + " is not valid TOML");
    }
  }

  private static String position(JsonLocation location) {
    if (location == null || location.getLineNr() <= 0) {
      return "";
    }
    String at = " (line " + location.getLineNr();
    if (location.getColumnNr() > 0) {
      at += ", column " + location.getColumnNr();
    }
    return at + ")";
  }

  /** A value's TOML type, for messages that must not show the value itself. */
  private static String kind(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map) {
      return "a table";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof TemporalAccessor) {
      return "a date/time";
    }
    if (value instanceof String) {
      return "a string";
    }
    return "a " + value.getClass().getSimpleName();
  }
}
