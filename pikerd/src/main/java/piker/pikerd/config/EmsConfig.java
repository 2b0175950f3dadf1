package piker.pikerd.config;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import piker.emsd.EmsSettings;
import piker.emsd.journal.OrderLog;
import piker.emsd.orders.RiskLimits;

/**
 * emsd's settings from a checked conf.toml: live accounts from {@code [<broker>.accounts]}, risk limits
 * from {@code [risk]} (defaults for every account) and {@code [risk."<account>"]}, exact decimals as
 * written in the file, and {@code [ems] journal_fsync} (force each journal write to the device: safe
 * against a power cut, at about two fsyncs per order).
 */
public final class EmsConfig {

  private EmsConfig() {}

  public static EmsSettings from(PikerConfig conf, Set<String> brokers, OrderLog.Settings journal) {
    Set<String> live = new LinkedHashSet<>();
    for (String broker : brokers) {
      conf.liveAccounts(broker).keySet().forEach(label -> live.add(broker + "." + label));
    }
    Map<String, Object> risk = conf.section(ConfSchema.RISK);
    RiskLimits defaults = limits(risk, RiskLimits.NONE);
    Map<String, RiskLimits> perAccount = new HashMap<>();
    risk.forEach((key, value) -> {
      if (value instanceof Map<?, ?> account) {
        perAccount.put(key, limits(account, defaults));
      }
    });
    if (conf.section(ConfSchema.EMS).get("journal_fsync") instanceof Boolean fsync) {
      journal = journal.withFsync(fsync);
    }
    return new EmsSettings(brokers, live, perAccount, defaults, journal);
  }

  /** A table's limits over {@code fallback}: the schema made each one a positive {@code BigDecimal}. */
  private static RiskLimits limits(Map<?, ?> table, RiskLimits fallback) {
    return new RiskLimits(decimal(table, "max_order_size", fallback.maxOrderSize()),
        decimal(table, "max_notional", fallback.maxNotional()),
        decimal(table, "price_band", fallback.priceBand()));
  }

  private static BigDecimal decimal(Map<?, ?> table, String key, BigDecimal fallback) {
    return table.get(key) instanceof BigDecimal decimal ? decimal : fallback;
  }
}
