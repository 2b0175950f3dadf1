package piker.contracts.orders;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import piker.contracts.names.Echoed;

/** The order enums' lower-case words: the lookup behind their {@code parse} and their JSON creators. */
final class Words {
  private Words() {}

  static <E extends Enum<E>> Optional<E> find(E[] values, Function<E, String> wire, String word) {
    for (E value : values) {
      if (wire.apply(value).equals(word)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** The value a word names; any other word is refused, so on the wire it fails its message, never reads as null. */
  static <E extends Enum<E>> E require(E[] values, Function<E, String> wire, String word, String what) {
    return find(values, wire, word).orElseThrow(() -> new IllegalArgumentException("'" + Echoed.cut(word)
        + "' is not " + what + " (" + Arrays.stream(values).map(wire).collect(Collectors.joining(", ")) + ")"));
  }
}
