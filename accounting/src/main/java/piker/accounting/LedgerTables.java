package piker.accounting;

/** Renders clears as ledger tables: one table per trade id, fields in a fixed order. */
final class LedgerTables {
  private LedgerTables() {}

  /**
   * {@code bs_mktid} is written last on purpose: it is a string, so a write torn anywhere inside a
   * table leaves either a missing field or an unterminated string, and the reader can tell the
   * table is incomplete (a torn number like {@code 60000.0} would look valid).
   */
  static String render(Clear clear) {
    return "[" + TomlText.quoted(clear.tid()) + "]\n"
        + TomlText.entry("tid", TomlText.quoted(clear.tid()))
        + TomlText.entry("fqme", TomlText.quoted(clear.fqme().toString()))
        + TomlText.entry("size", TomlText.decimal(clear.size()))
        + TomlText.entry("price", TomlText.decimal(clear.price()))
        + TomlText.entry("cost", TomlText.decimal(clear.cost()))
        + TomlText.entry("dt", TomlText.quoted(clear.dt().toString()))
        + TomlText.entry("etype", TomlText.quoted(Clear.ETYPE))
        + TomlText.entry("bs_mktid", TomlText.quoted(clear.bsMktid()))
        + "\n";
  }

  static String header(String account) {
    return "# trade ledger of account " + account + ": append-only, one table per trade id\n\n";
  }
}
