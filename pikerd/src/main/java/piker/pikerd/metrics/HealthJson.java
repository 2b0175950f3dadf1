package piker.pikerd.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import piker.contracts.pikerd.ServicesProtocol.DaemonHealth;
import piker.contracts.pikerd.ServicesProtocol.HealthReport;

/** A node's health as JSON: what /health serves and {@code piker status --json} prints. */
public final class HealthJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HealthJson() {}

  public static Map<String, Object> fields(HealthReport report) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("node", report.node());
    fields.put("status", report.status());
    if (report.error() != null) {
      fields.put("error", report.error().describe());
    }
    List<Map<String, Object>> daemons = report.daemons().stream().map(HealthJson::daemon).toList();
    fields.put("daemons", daemons);
    return fields;
  }

  public static String write(HealthReport report) {
    try {
      return JSON.writeValueAsString(fields(report));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a health report did not render as JSON", e);
    }
  }

  private static Map<String, Object> daemon(DaemonHealth daemon) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", daemon.name());
    fields.put("kind", daemon.kind());
    fields.put("state", daemon.state());
    fields.put("restarts", daemon.restarts());
    fields.put("since", daemon.since() == null ? null : daemon.since().toString());
    fields.put("error", daemon.error());
    return fields;
  }
}
