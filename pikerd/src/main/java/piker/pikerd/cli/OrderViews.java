package piker.pikerd.cli;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import piker.contracts.ems.EmsProtocol;

/** The status and position shapes of cli.md, as JSON objects and as text lines. */
final class OrderViews {
  private OrderViews() {}

  static Map<String, Object> status(EmsProtocol.Status status) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", "status");
    view.put("oid", status.oid());
    view.put("resp", status.resp());
    view.put("fqme", status.fqme());
    view.put("action", status.action());
    view.put("size", status.size());
    view.put("price", status.price());
    view.put("account", status.account());
    view.put("filled", status.filled());
    put(view, "fill_price", status.fillPrice());
    if (status.resting() != null) {
      view.put("resting", status.resting());
    }
    put(view, "submit_price", status.submitPrice());
    if (status.reason() != null) {
      view.put("reason", status.reason());
    }
    view.put("source", status.source());
    if (status.reqid() != null) {
      view.put("reqid", status.reqid());
    }
    view.put("time_ns", status.timeNs());
    return view;
  }

  /**
   * One line: {@code resp oid action size fqme @ price account filled=...}, then what the status adds.
   * A status about an order emsd does not know (an unknown or done oid) carries only the oid and the
   * reason: only what is known is printed.
   */
  static String statusText(EmsProtocol.Status status) {
    StringBuilder text = new StringBuilder(String.format("%-9s %s", status.resp(), status.oid() == null ? "-"
        : status.oid()));
    appendKnown(text, "", status.action());
    appendKnown(text, "", status.size() == null ? null : plain(status.size()));
    appendKnown(text, "", status.fqme());
    appendKnown(text, "@ ", status.price() == null ? null : plain(status.price()));
    appendKnown(text, "", status.account());
    if (status.fqme() != null && status.filled() != null) {
      text.append(" filled=").append(plain(status.filled()));
    }
    if (status.fillPrice() != null) {
      text.append(" fill_price=").append(plain(status.fillPrice()));
    }
    if (Boolean.TRUE.equals(status.resting())) {
      text.append(" resting");
    }
    if (status.submitPrice() != null) {
      text.append(" submit_price=").append(plain(status.submitPrice()));
    }
    if (status.reason() != null) {
      text.append(" reason=\"").append(status.reason()).append('"');
    }
    return text.toString();
  }

  static Map<String, Object> position(EmsProtocol.Position position) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", "position");
    view.put("account", position.account());
    view.put("broker", position.broker());
    view.put("fqme", position.fqme());
    view.put("size", position.size());
    view.put("avg_price", position.avgPrice());
    put(view, "break_even", position.breakEven());
    return view;
  }

  static String positionText(EmsProtocol.Position position) {
    return String.format("position  %s %s size=%s avg_price=%s break_even=%s", position.account(), position.fqme(),
        plain(position.size()), plain(position.avgPrice()), plain(position.breakEven()));
  }

  private static void appendKnown(StringBuilder text, String prefix, String value) {
    if (value != null) {
      text.append(' ').append(prefix).append(value);
    }
  }

  private static void put(Map<String, Object> view, String key, BigDecimal value) {
    if (value != null) {
      view.put(key, value);
    }
  }

  private static String plain(BigDecimal value) {
    return value == null ? "-" : value.toPlainString();
  }
}
