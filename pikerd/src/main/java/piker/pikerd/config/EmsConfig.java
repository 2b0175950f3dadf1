package piker.pikerd.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import piker.emsd.EmsSettings;
import piker.emsd.journal.OrderLog;
import piker.emsd.orders.RiskLimits;

/**
 * emsd's settings from conf.toml, read when emsd starts: live accounts from {@code [<broker>.accounts]},
 * risk limits from {@code [risk]} (defaults for every account) and {@code [risk."<account>"]}, and
 * {@code [ems] journal_fsync} (force each journal write to the device: safe against a power cut, at
 * about two fsyncs per order).
 */
public final class EmsConfig {

  private EmsConfig() {}

  public static EmsSettings read(Path configDir, Set<String> brokers, OrderLog.Settings journal) {
    Map<String, Object> conf = PikerConfig.read(configDir);
    Set<String> live = new LinkedHashSet<>();
    for (String broker : brokers) {
      Object section = conf.get(broker);
      if (section instanceof Map<?, ?> brokerSection && brokerSection.get("accounts") instanceof Map<?, ?> accounts) {
        accounts.keySet().forEach(label -> live.add(broker + "." + label));
      }
    }
    RiskLimits defaults = RiskLimits.NONE;
    Map<String, RiskLimits> perAccount = new HashMap<>();
    if (conf.get("risk") instanceof Map<?, ?> risk) {
      defaults = limits(risk, RiskLimits.NONE, "risk");
      for (Map.Entry<?, ?> entry : risk.entrySet()) {
        if (entry.getValue() instanceof Map<?, ?> account) {
          perAccount.put(String.valueOf(entry.getKey()), limits(account, defaults, "risk." + entry.getKey()));
        }
      }
    }
    if (conf.get("ems") instanceof Map<?, ?> ems && ems.containsKey("journal_fsync")) {
      if (!(ems.get("journal_fsync") instanceof Boolean fsync)) {
        throw new IllegalArgumentException("conf.toml: [ems] journal_fsync must be true or false, got "
            + ems.get("journal_fsync"));
      }
      journal = journal.withFsync(fsync);
    }
    return new EmsSettings(brokers, live, perAccount, defaults, journal);
  }

  private static RiskLimits limits(Map<?, ?> table, RiskLimits fallback, String where) {
    return new RiskLimits(decimal(table, "max_order_size", fallback.maxOrderSize(), where),
        decimal(table, "max_notional", fallback.maxNotional(), where),
        decimal(table, "price_band", fallback.priceBand(), where));
  }

  private static BigDecimal decimal(Map<?, ?> table, String key, BigDecimal fallback, String where) {
    Object value = table.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      // toString keeps the text's digits: a TOML float's shortest repr, an integer as is
      BigDecimal decimal = new BigDecimal(value.toString());
      if (decimal.signum() <= 0) {
        throw new NumberFormatException("not positive");
      }
      return decimal;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("conf.toml: [" + where + "] " + key + " must be a positive number, got "
          + value);
    }
  }
}
