package piker.pikerd.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import piker.contracts.spi.BackendCatalog;

/**
 * conf.toml, read and checked in one place: plain settings every daemon may read, as one immutable
 * snapshot. {@link #read} refuses a file that is not UTF-8, not TOML, or not what {@link ConfSchema}
 * declares (an unknown key, a wrong type, a section of a backend that is not installed), with a
 * {@link BadConfigException} naming the file, line and key. It does file I/O: call it off actor threads.
 * Read when used and never cached in a static, so a fixed file counts at the next read.
 */
public final class PikerConfig {
  public static final String FILE = "conf.toml";

  private final Path file;
  private final Map<String, Object> sections;

  private PikerConfig(Path file, Map<String, Object> sections) {
    this.file = file;
    this.sections = Collections.unmodifiableMap(sections);
  }

  /** Every default, as without a file: what a daemon that reads no conf.toml is handed. */
  public static PikerConfig defaults(Path configDir) {
    return new PikerConfig(configDir.resolve(FILE), Map.of());
  }

  /** {@code <configDir>/conf.toml}, checked against the installed backends; no file: every default. */
  public static PikerConfig read(Path configDir, BackendCatalog backends) {
    Path file = configDir.resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException absent) {
      return new PikerConfig(file, Map.of());
    } catch (IOException e) {
      throw new BadConfigException(file, "cannot read it (" + e.getMessage() + ")");
    }
    return parse(file, bytes, backends);
  }

  /** The text of {@code file}, checked. */
  static PikerConfig parse(Path file, byte[] bytes, BackendCatalog backends) {
    String text = utf8(file, bytes);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    JsonNode tree;
    try {
      tree = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build().readTree(text);
    } catch (JsonProcessingException e) {
      // Jackson's own message says [Source: ...]; the user needs the line and what was wrong there
      JsonLocation at = e.getLocation();
      throw new BadConfigException(file, List.of(new BadConfigException.Problem(at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(), "not valid TOML (" + lowerFirst(e.getOriginalMessage())
          + "); fix the file, or remove it to run on the defaults")));
    } catch (IOException e) {
      throw new BadConfigException(file, "cannot read it (" + e.getMessage() + ")");
    }
    TomlSource source = TomlSource.of(text);
    @SuppressWarnings("unchecked")
    Map<String, Object> root = tree == null || !tree.isObject() ? Map.of()
        : (Map<String, Object>) plain(tree, List.of(), source);
    ConfSchema.Checked checked = new ConfSchema(backends).check(root, source);
    if (!checked.problems().isEmpty()) {
      throw new BadConfigException(file, checked.problems());
    }
    return new PikerConfig(file, checked.sections());
  }

  public Path file() {
    return file;
  }

  /**
   * One section, checked and normalized (whole numbers as {@code Long}, decimals as exact
   * {@code BigDecimal}); a backend's includes its {@code accounts} table. Empty when absent.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> section(String name) {
    Object section = sections.get(name);
    return section == null ? Map.of() : (Map<String, Object>) section;
  }

  /** {@code [<broker>.accounts]}: label → the venue's account id. */
  @SuppressWarnings("unchecked")
  public Map<String, String> liveAccounts(String broker) {
    Object accounts = section(broker).get(ConfSchema.ACCOUNTS);
    return accounts == null ? Map.of() : (Map<String, String>) accounts;
  }

  /** Every account of these brokers: each one's paper account and the live ones the file declares. */
  public Set<String> accounts(Set<String> brokers) {
    Set<String> all = new TreeSet<>();
    for (String broker : brokers) {
      all.add(broker + ".paper");
      liveAccounts(broker).keySet().forEach(label -> all.add(broker + "." + label));
    }
    return all;
  }

  /** A TOML tree as plain values, numbers exact: see {@link piker.contracts.spi.SettingType}. */
  private static Object plain(JsonNode node, List<String> path, TomlSource source) {
    if (node.isObject()) {
      Map<String, Object> table = new LinkedHashMap<>();
      node.properties().forEach(field -> table.put(field.getKey(), plain(field.getValue(),
          append(path, field.getKey()), source)));
      return table;
    }
    if (node.isArray()) {
      List<Object> array = new ArrayList<>();
      node.forEach(element -> array.add(plain(element, path, source)));
      return array;
    }
    if (node.isIntegralNumber()) {
      return source.bareValue(path).flatMap(PikerConfig::integer).orElse(node.bigIntegerValue());
    }
    if (node.isBigDecimal()) {
      return node.decimalValue();
    }
    if (node.isNumber()) {
      return node.doubleValue(); // only nan and inf reach here: TOML's other floats are exact decimals
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node instanceof POJONode date) {
      return date.getPojo();
    }
    return node.asText();
  }

  /** A TOML integer as written: {@code 1_000}, {@code -5}, {@code 0xff}, {@code 0o17}, {@code 0b101}. */
  private static Optional<BigInteger> integer(String written) {
    String digits = written.replace("_", "");
    try {
      if (digits.length() > 2 && digits.charAt(0) == '0' && "xob".indexOf(digits.charAt(1)) >= 0) {
        return Optional.of(new BigInteger(digits.substring(2), "xob".indexOf(digits.charAt(1)) == 0 ? 16
            : digits.charAt(1) == 'o' ? 8 : 2));
      }
      return Optional.of(new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits));
    } catch (NumberFormatException notAnInteger) {
      return Optional.empty();
    }
  }

  private static List<String> append(List<String> path, String key) {
    List<String> longer = new ArrayList<>(path);
    longer.add(key);
    return longer;
  }

  /** Strict UTF-8: a damaged or binary file is named with the line of its first bad byte. */
  private static String utf8(Path file, byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int bad = in.position();
      int line = 1;
      for (int i = 0; i < bad; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new BadConfigException(file, List.of(new BadConfigException.Problem(line, 0, String.format(Locale.ROOT,
          "not UTF-8 text (byte %d is 0x%02x): the file is damaged or not a conf.toml; fix it, or remove it to run "
              + "on the defaults", bad + 1, bytes[bad] & 0xff))));
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  private static String lowerFirst(String message) {
    String text = String.valueOf(message).strip();
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
