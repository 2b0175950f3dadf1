package piker.pikerd.cli.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OneShotTest {
  @Test
  void oneShotCommandsRunOnTheAgentWhereverTheGlobalOptionsStand() {
    assertNull(OneShot.whyNot(new String[] {"services"}));
    assertNull(OneShot.whyNot(new String[] {"-c", "/tmp/x", "--registry", "127.0.0.1:1", "services", "--json"}));
    assertNull(OneShot.whyNot(new String[] {"-l", "debug", "order", "buy", "btcusdt.spot.sim", "--size", "1"}));
  }

  @Test
  void serversStreamsLedgerHelpAndVersionDoNot() {
    for (String[] line : new String[][] {{"pikerd"}, {"bench", "feed"}, {"quote", "btcusdt.spot.sim"}, {"chart", "x"},
        {"ledger", "sim.paper"}, {"order", "buy", "x", "--follow"}, {"services", "--help"}, {"-h"}, {"--version"},
        {}, {"-c", "services"}}) {
      assertNotNull(OneShot.whyNot(line), String.join(" ", line));
    }
  }

  /** bin/piker decides before it starts a thin client at all: its list must be this one. */
  @Test
  void theLauncherNamesTheSameCommands() throws IOException {
    String launcher = Files.readString(Path.of(System.getProperty("piker.repo.root", "..")).resolve("bin/piker"));
    Matcher list = Pattern.compile("case \"\\$word\" in ([a-z| -]+)\\) return 0").matcher(launcher);
    assertEquals(true, list.find(), "bin/piker's one_shot list");
    Set<String> named = Arrays.stream(list.group(1).split("\\|")).map(String::strip).collect(Collectors.toSet());
    assertEquals(OneShot.COMMANDS, named);
  }
}
