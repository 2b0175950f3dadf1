package piker.pikerd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendCatalog;
import piker.contracts.spi.SettingType;
import piker.contracts.spi.SettingsSchema;
import piker.contracts.spi.SettingsSchema.Setting;

/**
 * The declared shape of conf.toml: pikerd's own sections {@code [risk]} (and {@code [risk."<account>"]})
 * and {@code [ems]}, one section per installed backend as the backend declares it
 * ({@link Backend#settingsSchema()}), and {@code [<backend>.accounts]} (label = the venue's account id) for
 * every backend with a trade side. Anything else, or a value of the wrong type, is a problem naming its
 * line and the nearest known key.
 */
final class ConfSchema {
  static final String RISK = "risk";
  static final String EMS = "ems";
  static final String ACCOUNTS = "accounts";

  static final SettingsSchema RISK_LIMITS = SettingsSchema.of(
      new Setting("max_order_size", SettingType.positiveDecimal(), "largest size of one order"),
      new Setting("max_notional", SettingType.positiveDecimal(), "largest price x size of one order"),
      new Setting("price_band", SettingType.positiveDecimal(),
          "the order's price at most this fraction away from last"));
  static final SettingsSchema EMS_SETTINGS = SettingsSchema.of(
      new Setting("journal_fsync", SettingType.flag(), "force each journal write to the device"));

  /** An account label, as the CLI's {@code <broker>.<label>} accepts it; {@code paper} is every broker's own. */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private final BackendCatalog backends;

  ConfSchema(BackendCatalog backends) {
    this.backends = backends;
  }

  /** The file's tree checked against the schema: values normalized, problems with their lines. */
  record Checked(Map<String, Object> sections, List<BadConfigException.Problem> problems) {}

  Checked check(Map<String, Object> root, TomlSource lines) {
    Walk walk = new Walk(lines);
    Map<String, Object> sections = new LinkedHashMap<>();
    Set<String> accounts = knownAccounts(root);
    root.forEach((name, value) -> {
      List<String> path = List.of(name);
      Optional<Backend> backend = backends.find(name);
      if (!name.equals(RISK) && !name.equals(EMS) && backend.isEmpty()) {
        walk.problem(path, value instanceof Map<?, ?> ? unknownSection(name) : topLevelKey(name));
      } else if (!(value instanceof Map<?, ?> table)) {
        walk.problem(path, "[" + name + "] must be a table (a line [" + name + "] above its keys), not "
            + SettingType.describe(value));
      } else if (name.equals(RISK)) {
        sections.put(name, risk(walk, table, accounts));
      } else if (name.equals(EMS)) {
        sections.put(name, walk.flat(path, EMS_SETTINGS, table, Map.of()));
      } else {
        sections.put(name, backendSection(walk, backend.get(), table));
      }
    });
    return new Checked(sections, walk.problems);
  }

  /** Every installed broker's paper account and the live accounts the file declares. */
  private Set<String> knownAccounts(Map<String, Object> root) {
    Set<String> accounts = new TreeSet<>();
    for (Backend backend : backends.all().values()) {
      accounts.add(backend.name() + ".paper");
      if (root.get(backend.name()) instanceof Map<?, ?> section && section.get(ACCOUNTS) instanceof Map<?, ?> live) {
        live.keySet().forEach(label -> accounts.add(backend.name() + "." + label));
      }
    }
    return accounts;
  }

  private Map<String, Object> backendSection(Walk walk, Backend backend, Map<?, ?> table) {
    Map<String, TableCheck> tables = backend.endpoints().contains(Endpoint.OPEN_TRADE_DIALOG)
        ? Map.of(ACCOUNTS, (path, accounts) -> liveAccounts(walk, path, accounts)) : Map.of();
    return walk.flat(List.of(backend.name()), backend.settingsSchema(), table, tables);
  }

  private Map<String, Object> liveAccounts(Walk walk, List<String> path, Map<?, ?> accounts) {
    Map<String, Object> checked = new LinkedHashMap<>();
    accounts.forEach((labelKey, id) -> {
      String label = String.valueOf(labelKey);
      List<String> at = child(path, label);
      if (label.equals("paper")) {
        walk.problem(at, "the label paper is taken by every broker's paper account; choose another one for "
            + where(at));
      } else if (!LABEL.matcher(label).matches()) {
        walk.problem(at, "account label " + where(at) + " must be lower-case letters, digits, - or _");
      } else if (!(id instanceof String text) || text.isBlank()) {
        walk.problem(at, where(at) + " must be the venue's account id, as text in quotes, not "
            + SettingType.describe(id));
      } else {
        checked.put(label, text);
      }
    });
    return checked;
  }

  private Map<String, Object> risk(Walk walk, Map<?, ?> table, Set<String> accounts) {
    Map<String, Object> limits = new LinkedHashMap<>();
    Map<String, Map<?, ?>> perAccount = new LinkedHashMap<>();
    table.forEach((key, value) -> {
      String name = String.valueOf(key);
      List<String> at = List.of(RISK, name);
      if (!(value instanceof Map<?, ?> account)) {
        limits.put(name, value);
      } else if (accounts.contains(name)) {
        perAccount.put(name, account);
      } else {
        walk.problem(at, "[" + tableName(at) + "] names no known account"
            + Nearest.to(name, accounts).map(near -> "; did you mean [risk.\"" + near + "\"]?")
                .orElse(" (known: " + String.join(", ", accounts) + "); an account's limits go in "
                    + "[risk.\"<broker>.<label>\"], quoted"));
      }
    });
    Map<String, Object> checked = new LinkedHashMap<>(walk.flat(List.of(RISK), RISK_LIMITS, limits, Map.of()));
    perAccount.forEach((name, account) -> checked.put(name,
        walk.flat(List.of(RISK, name), RISK_LIMITS, account, Map.of())));
    return checked;
  }

  private String unknownSection(String name) {
    Set<String> sections = new LinkedHashSet<>(List.of(RISK, EMS));
    sections.addAll(backends.all().keySet());
    return "unknown section [" + name + "]" + Nearest.to(name, sections).map(near -> "; did you mean [" + near + "]?")
        .orElse(": no backend named " + name + " is installed (installed: "
            + String.join(", ", backends.all().keySet()) + "), and pikerd's own sections are [risk] and [ems]");
  }

  /** A key above every table header: most likely one that belongs in a section. */
  private String topLevelKey(String name) {
    for (Backend backend : backends.all().values()) {
      if (backend.settingsSchema().find(name).isPresent()) {
        return "unknown key " + name + " at the top of the file, outside any [section]; did you mean [" + backend.name()
            + "] " + name + "?";
      }
    }
    for (SettingsSchema own : List.of(RISK_LIMITS, EMS_SETTINGS)) {
      if (own.find(name).isPresent()) {
        return "unknown key " + name + " at the top of the file, outside any [section]; did you mean ["
            + (own == EMS_SETTINGS ? EMS : RISK) + "] " + name + "?";
      }
    }
    return "unknown key " + name + " at the top of the file, outside any [section]";
  }

  /** Checks a nested table that a flat section allows (e.g. {@code accounts}). */
  @FunctionalInterface
  private interface TableCheck {
    Map<String, Object> check(List<String> path, Map<?, ?> table);
  }

  /** Problems found so far, each with its line. */
  private static final class Walk {
    final TomlSource lines;
    final List<BadConfigException.Problem> problems = new ArrayList<>();

    Walk(TomlSource lines) {
      this.lines = lines;
    }

    void problem(List<String> path, String text) {
      problems.add(new BadConfigException.Problem(lines.line(path), 0, text));
    }

    /** A section of {@code key = value} lines as {@code schema} declares, plus the nested {@code tables}. */
    Map<String, Object> flat(List<String> path, SettingsSchema schema, Map<?, ?> table, Map<String, TableCheck> tables) {
      Map<String, Object> checked = new LinkedHashMap<>();
      table.forEach((keyName, value) -> {
        String key = String.valueOf(keyName);
        List<String> at = child(path, key);
        Optional<Setting> setting = schema.find(key);
        TableCheck nested = tables.get(key);
        if (setting.isPresent()) {
          Optional<String> wrong = setting.get().type().problem(value);
          if (wrong.isPresent()) {
            problem(at, where(at) + " " + wrong.get());
          } else {
            checked.put(key, setting.get().type().normalize(value));
          }
        } else if (nested != null && value instanceof Map<?, ?> subTable) {
          checked.put(key, nested.check(at, subTable));
        } else if (nested != null) {
          problem(at, "[" + tableName(at) + "] must be a table, not " + SettingType.describe(value));
        } else {
          Set<String> known = new LinkedHashSet<>(schema.settings().keySet());
          known.addAll(tables.keySet());
          problem(at, "unknown key " + where(at) + Nearest.to(key, known).map(near -> "; did you mean " + near + "?")
              .orElse(known.isEmpty() ? "; [" + tableName(path) + "] takes no keys"
                  : "; [" + tableName(path) + "] takes " + String.join(", ", known)));
        }
      });
      return checked;
    }
  }

  private static List<String> child(List<String> path, String key) {
    List<String> at = new ArrayList<>(path);
    at.add(key);
    return List.copyOf(at);
  }

  /** {@code [risk."sim.main"] max_notional}: a key as the user finds it in the file. */
  static String where(List<String> path) {
    return path.size() == 1 ? path.get(0)
        : "[" + tableName(path.subList(0, path.size() - 1)) + "] " + keyName(path.get(path.size() - 1));
  }

  static String tableName(List<String> path) {
    return String.join(".", path.stream().map(ConfSchema::keyName).toList());
  }

  private static String keyName(String part) {
    return BARE_KEY.matcher(part).matches() ? part : "\"" + part.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
