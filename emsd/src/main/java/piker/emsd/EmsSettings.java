package piker.emsd;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import piker.emsd.journal.OrderLog;
import piker.emsd.orders.RiskLimits;

/**
 * What emsd is told at spawn (read from conf.toml by pikerd): the installed backends, the configured
 * live accounts, each account's risk limits, and where its journal lives.
 */
public record EmsSettings(Set<String> brokers, Set<String> liveAccounts, Map<String, RiskLimits> risk,
                          RiskLimits defaultRisk, OrderLog.Settings journal) {
  public EmsSettings {
    brokers = Set.copyOf(brokers);
    liveAccounts = Set.copyOf(liveAccounts);
    risk = Map.copyOf(risk);
    defaultRisk = defaultRisk == null ? RiskLimits.NONE : defaultRisk;
  }

  /** Every account emsd serves: each broker's paper account and the live ones. */
  public Set<String> accounts() {
    Set<String> all = new TreeSet<>(liveAccounts);
    brokers.forEach(broker -> all.add(broker + ".paper"));
    return all;
  }

  public RiskLimits riskOf(String account) {
    return risk.getOrDefault(account, defaultRisk);
  }
}
