package piker.contracts.endpoints;

import java.util.Optional;

/**
 * Every endpoint a daemon or a backend client can serve. The kind says which daemon serves it;
 * {@code null} marks the backend's own client endpoint, which no daemon exposes.
 */
public enum Endpoint {
  // datad: the data side of a backend
  STREAM_QUOTES("stream_quotes", DaemonKind.DATAD),
  OPEN_HISTORY_CLIENT("open_history_client", DaemonKind.DATAD),
  OPEN_SYMBOL_SEARCH("open_symbol_search", DaemonKind.DATAD),
  GET_MKT_INFO("get_mkt_info", DaemonKind.DATAD),
  /** Served by datad itself from its bar buffers, whatever the backend: never backend-provided. */
  READ_BARS("read_bars", DaemonKind.DATAD),
  // brokerd: the trade side of a backend
  OPEN_TRADE_DIALOG("open_trade_dialog", DaemonKind.BROKERD),
  NORM_TRADE("norm_trade", DaemonKind.BROKERD),
  // the backend's API client, used by the daemons above in-process
  GET_CLIENT("get_client", null),
  // samplerd: the OHLC clock
  OPEN_SAMPLE_STREAM("open_sample_stream", DaemonKind.SAMPLERD),
  // emsd: the order router's client dialog and its view of the ledgers
  OPEN_EMS_DIALOG("open_ems_dialog", DaemonKind.EMSD),
  LOAD_LEDGER("load_ledger", DaemonKind.EMSD),
  // paperboi: paper clearing, speaking the same clearing protocol as brokerd's trade dialog
  OPEN_PAPER_DIALOG("open_paper_dialog", DaemonKind.PAPERBOI),
  LOAD_PAPER_LEDGER("load_paper_ledger", DaemonKind.PAPERBOI);

  private final String wireName;
  private final DaemonKind kind;

  Endpoint(String wireName, DaemonKind kind) {
    this.wireName = wireName;
    this.kind = kind;
  }

  public String wireName() {
    return wireName;
  }

  /** The daemon kind that serves it; empty for the backend client endpoint. */
  public Optional<DaemonKind> kind() {
    return Optional.ofNullable(kind);
  }

  /** True for endpoints a daemon serves on its own, without the backend implementing anything. */
  public boolean daemonOwn() {
    return this == READ_BARS;
  }

  public static Optional<Endpoint> fromWireName(String name) {
    for (Endpoint endpoint : values()) {
      if (endpoint.wireName.equals(name)) {
        return Optional.of(endpoint);
      }
    }
    return Optional.empty();
  }
}
