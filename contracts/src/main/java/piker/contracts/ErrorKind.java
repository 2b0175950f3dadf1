package piker.contracts;

/**
 * The error kinds the order path decides on: code matches these, never the words. Each travels as its
 * {@link #wire()} name in {@link RemoteError#type()}, the name protocol.md and the trade SPI document.
 * Kinds nobody branches on (a backend's own codes, e.g. a venue's numeric error) stay plain strings.
 */
public enum ErrorKind {
  /** The venue refused the api key or its signature: retrying cannot help until the user changes it. */
  INVALID_KEY("InvalidKey"),
  /** brokers.toml holds no usable credentials for the broker. */
  CREDENTIALS_REFUSED("CredentialsRefused"),
  /** An account the clearing daemon does not hold. */
  UNKNOWN_ACCOUNT("UnknownAccount"),
  /** An account's ledger file cannot be read; the message names the file and line. */
  LEDGER_UNREADABLE("LedgerUnreadable"),
  /** emsd's journal cannot be read; the message says what to do. */
  JOURNAL_UNREADABLE("JournalUnreadable"),
  UNKNOWN_MARKET("UnknownMarket"),
  /** The venue has no order by that id. */
  UNKNOWN_ORDER("UnknownOrder"),
  /** The venue already holds an order with that client id (a resubmit after a lost answer). */
  DUPLICATE_CLIENT_ID("DuplicateClientId"),
  /** The venue did not answer in time: the request may or may not have taken effect. */
  VENUE_TIMEOUT("VenueTimeout"),
  /** The connection dropped with the request in flight: it may or may not have taken effect. */
  VENUE_DISCONNECTED("VenueDisconnected"),
  INVALID_REQUEST("InvalidRequest");

  private final String wire;

  ErrorKind(String wire) {
    this.wire = wire;
  }

  /** The name in {@link RemoteError#type()}. */
  public String wire() {
    return wire;
  }

  /** An error of this kind raised by our own code at {@code source}. */
  public RemoteError error(String message, String source) {
    return RemoteError.of(wire, message, source);
  }

  /** True when {@code error} is of this kind. */
  public boolean is(RemoteError error) {
    return error != null && wire.equals(error.type());
  }
}
