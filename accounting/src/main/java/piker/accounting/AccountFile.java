package piker.accounting;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import piker.contracts.names.AccountName;
import piker.contracts.names.Fqme;

/**
 * The open positions of one account, {@code <dataDir>/accounting/account.<broker>.<label>.toml}: a
 * snapshot derived from the ledger, rewritten atomically on every change (see
 * {@link DurableFiles#replaceAtomically}). One table per fqme with its clears as an array of tables.
 *
 * <p>Reading uses Jackson's TomlMapper: the file is always whole (atomic rename), so no torn-tail logic
 * is needed, and it holds arrays of tables. Floats are read as BigDecimal and trailing zeros are kept
 * ({@code 60000.10} stays {@code 60000.10}), so a read gives records equal to what was written.
 */
public final class AccountFile {
  /** Configured once here and only read afterwards; Jackson mappers are thread-safe in that use. */
  private static final TomlMapper TOML = TomlMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private AccountFile() {}

  public static Path path(Path dataDir, String account) {
    return dataDir.resolve("accounting").resolve("account." + AccountName.parse(account) + ".toml");
  }

  /** Rewrites the file with the non-zero positions, sorted by fqme; an empty list leaves a header only. */
  public static void write(Path dataDir, String account, List<Position> open) throws IOException {
    String name = AccountName.parse(account).toString();
    List<Position> positions = new ArrayList<>();
    Set<Fqme> seen = new HashSet<>();
    for (Position position : open) {
      if (!position.account().equals(name)) {
        throw new IllegalArgumentException(
            "position " + position.fqme() + " belongs to account " + position.account() + ", not " + name);
      }
      if (!seen.add(position.fqme())) {
        throw new IllegalArgumentException("two positions for " + position.fqme() + " in account " + name);
      }
      if (position.isOpen()) {
        positions.add(position);
      }
    }
    positions.sort(Comparator.comparing(position -> position.fqme().toString()));
    StringBuilder text = new StringBuilder("# open positions of account " + name
        + ": a snapshot rewritten from the trade ledger, which is the source of truth\n");
    positions.forEach(position -> text.append(render(position)));
    Path path = path(dataDir, account);
    Files.createDirectories(path.getParent());
    DurableFiles.replaceAtomically(path, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The positions in the file, in file order; empty when the file does not exist. */
  public static List<Position> read(Path dataDir, String account) throws IOException {
    String name = AccountName.parse(account).toString();
    Path path = path(dataDir, account);
    if (!Files.exists(path)) {
      return List.of();
    }
    JsonNode root;
    try {
      root = TOML.readTree(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException(path + ": not valid TOML: " + e.getMessage(), e);
    }
    List<Position> positions = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> table = it.next();
      try {
        positions.add(position(name, table.getKey(), table.getValue()));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new IOException(path + ": position [\"" + table.getKey() + "\"]: " + e.getMessage(), e);
      }
    }
    return List.copyOf(positions);
  }

  private static String render(Position position) {
    String fqme = position.fqme().toString();
    StringBuilder text = new StringBuilder("\n[").append(TomlText.quoted(fqme)).append("]\n")
        .append(TomlText.entry("fqme", TomlText.quoted(fqme)))
        .append(TomlText.entry("bs_mktid", TomlText.quoted(position.bsMktid())))
        .append(TomlText.entry("size", TomlText.decimal(position.size())))
        .append(TomlText.entry("avg_price", TomlText.decimal(position.avgPrice())))
        .append(TomlText.entry("break_even", TomlText.decimal(position.breakEven())))
        .append(TomlText.entry("fees", TomlText.decimal(position.fees())));
    for (Clear clear : position.clears()) {
      text.append("\n[[").append(TomlText.quoted(fqme)).append(".clears]]\n")
          .append(TomlText.entry("tid", TomlText.quoted(clear.tid())))
          .append(TomlText.entry("size", TomlText.decimal(clear.size())))
          .append(TomlText.entry("price", TomlText.decimal(clear.price())))
          .append(TomlText.entry("cost", TomlText.decimal(clear.cost())))
          .append(TomlText.entry("dt", TomlText.quoted(clear.dt().toString())));
      // Only written when it differs, which keeps the usual file short yet the read exact.
      if (!clear.bsMktid().equals(position.bsMktid())) {
        text.append(TomlText.entry("bs_mktid", TomlText.quoted(clear.bsMktid())));
      }
    }
    return text.toString();
  }

  private static Position position(String account, String key, JsonNode table) {
    if (!table.isObject()) {
      throw new IllegalArgumentException("expected a table");
    }
    Fqme fqme = Fqme.parse(text(table, "fqme"));
    if (!fqme.toString().equals(key)) {
      throw new IllegalArgumentException("fqme '" + fqme + "' differs from its table key");
    }
    String bsMktid = text(table, "bs_mktid");
    List<Clear> clears = new ArrayList<>();
    JsonNode clearNodes = table.path("clears");
    if (!clearNodes.isMissingNode() && !clearNodes.isArray()) {
      throw new IllegalArgumentException("clears must be an array of tables");
    }
    for (JsonNode clear : clearNodes) {
      String clearMktid = clear.has("bs_mktid") ? text(clear, "bs_mktid") : bsMktid;
      clears.add(new Clear(text(clear, "tid"), fqme, number(clear, "size"), number(clear, "price"),
          number(clear, "cost"), Instant.parse(text(clear, "dt")), clearMktid));
    }
    return new Position(account, fqme, number(table, "size"), number(table, "avg_price"),
        number(table, "break_even"), number(table, "fees"), bsMktid, clears);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.textValue();
  }

  private static BigDecimal number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException(field + " must be a number");
    }
    return value.decimalValue();
  }
}
