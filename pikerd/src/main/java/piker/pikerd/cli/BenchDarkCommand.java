package piker.pikerd.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import piker.pikerd.bench.DarkBench;
import piker.pikerd.bench.FeedBench;

/** {@code piker bench dark}: tick → dark trigger → order sent through datad and emsd, at a fixed quote rate. */
@Command(name = "dark", description = {"Tick to dark trigger to order sent: N dark orders rest in emsd's trigger "
    + "book, quotes stream through datad at R/s, and now and then one crosses the next order's price.",
    "Latency from the crossing quote's intended time to its order reaching the clearing daemon."},
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT},
    footer = {HelpText.ENV_NONE, HelpText.EXAMPLES,
        "  piker bench dark",
        "  piker bench dark --rate 100000 --orders 10000 --json"})
final class BenchDarkCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Mixin
  BenchScratch scratchDir;

  @Spec
  CommandSpec spec;

  @Option(names = "--rate", paramLabel = "R", defaultValue = "10000",
      description = "Quotes/s on a fixed schedule (1..1000000, default 10000).")
  long rate;

  @Option(names = "--orders", paramLabel = "N", defaultValue = "10000",
      description = "Dark orders resting at the start (10..100000, default 10000); at most half of them fire.")
  int orders;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "Seconds measured (default 5).")
  int seconds;

  @Option(names = "--warm-up", paramLabel = "S",
      description = "Seconds of quotes (and fires) before the measured ones (default: 30000 quotes' worth, "
          + "5..60).")
  Integer warmUp;

  @Override
  public Integer call() throws Exception {
    Inputs.inRange("--rate", rate, 1, 1_000_000, "quotes/s");
    Inputs.inRange("--orders", orders, 10, 100_000);
    Inputs.inRange("--seconds", seconds, 1, 600);
    int warmUpSeconds = warmUp != null ? warmUp : (int) FeedBench.Load.warmUpAt(rate).toSeconds();
    Inputs.inRange("--warm-up", warmUpSeconds, 0, 600);
    return scratchDir.run(global, "piker-bench-dark", scratch -> {
      DarkBench.Result result = DarkBench.run(rate, orders, Duration.ofSeconds(warmUpSeconds),
          Duration.ofSeconds(seconds), scratch);
      var out = spec.commandLine().getOut();
      if (global.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rate", result.rate());
        json.put("resting", result.resting());
        json.put("quotes", result.quotes());
        json.put("fired", result.fired());
        json.put("arrived", result.arrived());
        json.put("measured", result.measured());
        json.put("p50_us", result.p50Us());
        json.put("p99_us", result.p99Us());
        json.put("p999_us", result.p999Us());
        json.put("max_us", result.maxUs());
        json.put("pacing_lag_p99_us", result.pacingLagP99Us());
        out.println(new Json().write(json));
      } else {
        out.printf("dark: %d orders resting, %d quotes/s for %d s after a %d s warm-up, one JVM%n", result.resting(),
            result.rate(), seconds, warmUpSeconds);
        out.printf("%10s %10s %10s %10s %9s %9s %9s %9s %11s%n", "quotes", "fired", "arrived", "measured", "p50 us",
            "p99 us", "p99.9 us", "max us", "lag p99 us");
        out.printf("%10d %10d %10d %10d %9d %9d %9d %9d %11d%n", result.quotes(), result.fired(), result.arrived(),
            result.measured(), result.p50Us(), result.p99Us(), result.p999Us(), result.maxUs(),
            result.pacingLagP99Us());
        out.println("latency: the crossing quote's intended time to its order reaching the clearing daemon");
      }
      out.flush();
    });
  }
}
