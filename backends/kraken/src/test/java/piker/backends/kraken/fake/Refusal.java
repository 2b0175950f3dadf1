package piker.backends.kraken.fake;

/** A Kraken error string the fake answers with, thrown from a route: its message is the string. */
final class Refusal extends RuntimeException {
  Refusal(String krakenError) {
    super(krakenError, null, false, false);
  }

  static Refusal invalidArguments(String parameter) {
    return new Refusal("EGeneral:Invalid arguments:" + parameter);
  }

  static Refusal unknownPair() {
    return new Refusal("EQuery:Unknown asset pair");
  }
}
