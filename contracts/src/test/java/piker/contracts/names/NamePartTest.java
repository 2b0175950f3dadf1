package piker.contracts.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written check says what the rule's regex says, for chosen and random strings alike. */
class NamePartTest {
  private static final Pattern RULE = Pattern.compile(NamePart.RULE);

  @Test
  void agreesWithTheRegexOnEdgesAndRandomStrings() {
    List<String> cases = new ArrayList<>(List.of("", "a", "0", "_", "-", "a_", "a-", "ab-c_9", "A", "aB", "\u00e9",
        "a.b", "a b", "9lives", "x\u0000", "\u0131", "\uff41"));
    String alphabet = "az09_-AZ.\u00e9 \u0131/";
    Random random = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(6); n > 0; n--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      cases.add(text.toString());
    }
    for (String text : cases) {
      assertEquals(RULE.matcher(text).matches(), NamePart.valid(text), "'" + text + "'");
    }
    assertFalse(NamePart.valid(null));
  }
}
