package piker.pikerd.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import piker.contracts.names.Fqme;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.bench.FeedBench;
import piker.pikerd.bench.OrdersBench;
import piker.pikerd.bench.WireBench;

/** {@code piker bench}: our paths against raw Pekko, in the same run. */
@Command(name = "bench", description = "Benchmarks: our paths, and for most a raw-Pekko baseline in the same run.",
    subcommands = {BenchCommand.Feed.class, BenchCommand.Orders.class, BenchCommand.Live.class,
        BenchDarkCommand.class, BenchAttachCommand.class},
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT},
    footer = {HelpText.ENV_NONE, HelpText.EXAMPLES,
        "  piker bench feed --seconds 2",
        "  piker bench orders --orders 500 --json",
        "  piker bench feed --rate 10000 --remote --subscribers 1"})
final class BenchCommand extends CommandGroup {

  @Command(name = "feed", description = {"Quotes through datad to N subscribers vs. one plain tell per quote.",
      "With --rate: open loop at R quotes/s, latency from each quote's intended time (p50/p99/p99.9/max).",
      "With --binance or --kraken: quotes from that venue's wire (its protocol fake's firehose, "
          + "docs/benchmarks.md) through its backend and datad to the subscribers, open-loop, no baseline."},
      exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT},
      footer = {HelpText.ENV_NONE, HelpText.EXAMPLES,
          "  piker bench feed",
          "  piker bench feed --subscribers 100 --remote --json",
          "  piker bench feed --rate 100000",
          "  piker bench feed --rate 10000 --remote --subscribers 1 --json",
          "  piker bench feed --remote --subscribers 1 --binance http://127.0.0.1:40001,ws://127.0.0.1:40002 "
              + "--fqme btcusdt.spot.binance --fqme ethusdt.spot.binance",
          "  piker bench feed --remote --subscribers 1 --kraken http://127.0.0.1:40001,ws://127.0.0.1:40002/v2"})
  static final class Feed implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    BenchScratch scratchDir;

    @Spec
    CommandSpec spec;

    @Option(names = "--subscribers", paramLabel = "N", defaultValue = "10", description = "Subscribers (default 10).")
    int subscribers;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "Seconds per path (default 5).")
    int seconds;

    @Option(names = "--remote", description = "Subscribers in a second JVM over loopback Artery.")
    boolean remote;

    @Option(names = "--binance", paramLabel = "REST_URL,STREAM_URL", split = ",",
        description = "Read quotes from this Binance wire ([binance] rest_url and stream_url) instead of the "
            + "in-process generator.")
    List<String> binance;

    @Option(names = "--kraken", paramLabel = "REST_URL,WS_URL", split = ",",
        description = "Read quotes from this Kraken wire ([kraken] rest_url and ws_url) instead of the "
            + "in-process generator.")
    List<String> kraken;

    @Option(names = "--fqme", paramLabel = "FQME", description = "With --binance or --kraken: a market to "
        + "subscribe to (repeatable; default btcusdt.spot.binance or btcusd.spot.kraken).")
    List<String> fqmes;

    @Option(names = "--warm-up", paramLabel = "S",
        description = "With --rate, --binance or --kraken: seconds of quotes before the measured ones "
            + "(default 5 with a wire; with --rate 30000 quotes' worth, 5..60).")
    Integer warmUp;

    @Option(names = "--metrics", description = "Record datad's meters as `pikerd --metrics` does (into a "
        + "Prometheus registry, not served): what the meters cost.")
    boolean metrics;

    @Option(names = "--rate", paramLabel = "R", description = "Open loop: R quotes/s (1..1000000) on a fixed "
        + "schedule, whatever the subscribers do; without it the run is closed-loop (saturation).")
    Long rate;

    @Override
    public Integer call() throws Exception {
      Inputs.inRange("--subscribers", subscribers, 1, 1000);
      Inputs.inRange("--seconds", seconds, 1, 600);
      Optional<Wire> wire = wireOption();
      if (rate != null) {
        Inputs.inRange("--rate", rate, 1, 1_000_000, "quotes/s");
      }
      if (wire.isPresent()) {
        if (rate != null) {
          throw new BadInputException("--rate paces the in-process generator: not with --binance or --kraken");
        }
        return wire(wire.get());
      }
      if (fqmes != null) {
        throw new BadInputException("--fqme needs --binance or --kraken");
      }
      if (warmUp != null && rate == null) {
        throw new BadInputException("--warm-up needs --rate, --binance or --kraken");
      }
      int warmUpSeconds = warmUp != null ? warmUp
          : rate == null ? 0 : (int) FeedBench.Load.warmUpAt(rate).toSeconds();
      Inputs.inRange("--warm-up", warmUpSeconds, 0, 600);
      FeedBench.Load load = rate == null ? FeedBench.Load.saturation(Duration.ofSeconds(seconds))
          : new FeedBench.Load(Duration.ofSeconds(seconds), rate, Duration.ofSeconds(warmUpSeconds));
      return scratchDir.run(global, "piker-bench", scratch -> {
        FeedBench.Result result = FeedBench.run(subscribers, load, remote, metrics, scratch);
        var out = spec.commandLine().getOut();
        if (global.json()) {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("rate", rate);
          json.put("metrics", metrics);
          json.put("ours", view(result.ours(), load.paced()));
          json.put("baseline", view(result.baseline(), load.paced()));
          json.put("ratio", Math.round(result.ratio() * 1000) / 1000.0);
          out.println(new Json().write(json));
        } else {
          out.printf("feed: %d subscriber(s), %s, %d s per path, %s%s%n", subscribers,
              load.paced() ? "open loop at " + rate + " quotes/s after a " + warmUpSeconds + " s warm-up"
                  : "closed loop (saturation)", seconds, remote ? "subscribers in a second JVM" : "one JVM",
              metrics ? ", meters recorded" : "");
          out.printf("%-10s %14s %9s %9s %9s %9s %10s %10s %12s%s%n", "path", "quotes/s", "p50 us", "p99 us",
              "p99.9 us", "max us", "lost", "overruns", "bytes/quote", load.paced() ? "  lag p99 us" : "");
          row(out, "ours", result.ours(), load.paced());
          row(out, "baseline", result.baseline(), load.paced());
          out.printf("ratio ours/baseline%s: %.2f%n", load.paced() ? " (p50)" : " (quotes/s)", result.ratio());
          if (load.paced()) {
            out.println("latency from each quote's intended time on the schedule; lag: how late the generator "
                + "emitted it");
          }
        }
        out.flush();
      });
    }

    private static void row(java.io.PrintWriter out, String name, FeedBench.PathResult path, boolean paced) {
      out.printf("%-10s %14.0f %9d %9d %9d %9d %10d %10d %12.0f%s%n", name, path.quotesPerS(), path.p50Us(),
          path.p99Us(), path.p999Us(), path.maxUs(), path.lost(), path.overruns(), path.allocBytesPerQuote(),
          paced ? String.format("  %10d", path.pacingLagP99Us()) : "");
    }

    /**
     * A venue's wire to read: its backend, its two endpoints as the option names them and as its conf.toml
     * section keys them, and the market read when no --fqme is given.
     */
    private record Wire(String backend, List<String> urls, String usage, String example, String streamKey,
                        String defaultFqme) {
      Map<String, Object> section() {
        return Map.of("rest_url", urls.get(0).strip(), streamKey, urls.get(1).strip());
      }
    }

    /** {@code --binance} or {@code --kraken}, when one is given. */
    private Optional<Wire> wireOption() {
      if (binance != null && kraken != null) {
        throw new BadInputException("--binance and --kraken: read one wire at a time");
      }
      if (binance != null) {
        return Optional.of(new Wire("binance", binance, "REST_URL,STREAM_URL",
            "http://127.0.0.1:40001,ws://127.0.0.1:40002", "stream_url", "btcusdt.spot.binance"));
      }
      if (kraken != null) {
        return Optional.of(new Wire("kraken", kraken, "REST_URL,WS_URL",
            "http://127.0.0.1:40001,ws://127.0.0.1:40002/v2", "ws_url", "btcusd.spot.kraken"));
      }
      return Optional.empty();
    }

    /** {@code --binance} / {@code --kraken}: the wire benchmark ({@link WireBench}). */
    private int wire(Wire wire) throws Exception {
      if (wire.urls().size() != 2) {
        throw new BadInputException("--" + wire.backend() + " takes " + wire.usage() + ", e.g. " + wire.example());
      }
      int warmUpSeconds = warmUp == null ? 5 : warmUp;
      Inputs.inRange("--warm-up", warmUpSeconds, 0, 600);
      List<Fqme> markets = Inputs.fqmes(fqmes == null ? List.of(wire.defaultFqme()) : fqmes,
          BackendCatalog.load(getClass().getClassLoader()));
      for (Fqme fqme : markets) {
        if (!fqme.broker().equals(wire.backend())) {
          throw new BadInputException("--fqme " + fqme + " is not a " + wire.backend() + " market");
        }
      }
      return scratchDir.run(global, "piker-bench", scratch -> {
        WireBench.Result result = WireBench.run(wire.backend(), wire.section(), markets, subscribers,
            Duration.ofSeconds(warmUpSeconds), Duration.ofSeconds(seconds), remote, scratch);
        var out = spec.commandLine().getOut();
        if (global.json()) {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("source", wire.backend());
          json.put("markets", markets.size());
          json.put("parsed_per_s", Math.round(result.parsedPerS()));
          json.put("quotes_per_s", Math.round(result.deliveredPerS()));
          json.put("parsed", result.parsed());
          json.put("delivered", result.delivered());
          json.put("overruns", result.overruns());
          json.put("alloc_bytes_per_quote", Math.round(result.allocBytesPerQuote()));
          json.put("quotes_per_message", Math.round(result.quotesPerMessage() * 10) / 10.0);
          out.println(new Json().write(json));
        } else {
          out.printf("feed from %s's wire at %s: %d market(s), %d subscriber(s) %s, %d s after %d s%n",
              wire.backend(), wire.urls().get(1).strip(), markets.size(), subscribers,
              remote ? "in a second JVM" : "in this JVM", seconds, warmUpSeconds);
          out.printf("%14s %14s %10s %12s %12s%n", "parsed/s", "delivered/s", "overruns", "bytes/quote",
              "quotes/msg");
          out.printf("%14.0f %14.0f %10d %12.0f %12.1f%n", result.parsedPerS(), result.deliveredPerS(),
              result.overruns(), result.allocBytesPerQuote(), result.quotesPerMessage());
        }
        out.flush();
      });
    }

    private static Map<String, Object> view(FeedBench.PathResult path, boolean paced) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("quotes_per_s", Math.round(path.quotesPerS()));
      view.put("p50_us", path.p50Us());
      view.put("p99_us", path.p99Us());
      view.put("p999_us", path.p999Us());
      view.put("max_us", path.maxUs());
      view.put("lost", path.lost());
      view.put("overruns", path.overruns());
      view.put("sent", path.sent());
      view.put("delivered", path.delivered());
      view.put("alloc_bytes_per_quote", Math.round(path.allocBytesPerQuote()));
      view.put("quotes_per_message", Math.round(path.quotesPerMessage() * 10) / 10.0);
      if (paced) {
        view.put("pacing_lag_p99_us", path.pacingLagP99Us());
      }
      return view;
    }
  }

  @Command(name = "orders",
      description = "Paper order round trips (submit to fill) through emsd and paperboi vs. a plain ask.",
      exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT},
      footer = {HelpText.ENV_NONE, HelpText.EXAMPLES,
          "  piker bench orders --orders 500",
          "  piker bench orders --durable --json",
          "  piker bench orders --remote --durable --journal-fsync"})
  static final class Orders implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    BenchScratch scratchDir;

    @Spec
    CommandSpec spec;

    @Option(names = "--orders", paramLabel = "N", defaultValue = "2000",
        description = "Orders per phase and path (default 2000); each path also runs a warm-up.")
    int orders;

    @Option(names = "--remote", description = "The client in a second JVM over loopback Artery.")
    boolean remote;

    @Option(names = "--durable", description = "Journal and ledger on disk; the baseline fsyncs an append.")
    boolean durable;

    @Option(names = "--journal-fsync", description = "With --durable: emsd's journal forces each group commit "
        + "to the device ([ems] journal_fsync = true).")
    boolean journalFsync;

    @Option(names = "--metrics", description = "Record emsd's and paperboi's meters as `pikerd --metrics` does "
        + "(into a Prometheus registry, not served): what the meters cost.")
    boolean metrics;

    @Override
    public Integer call() throws Exception {
      Inputs.inRange("--orders", orders, 10, 1_000_000);
      if (journalFsync && !durable) {
        throw new BadInputException("--journal-fsync needs --durable (without it the journal is in memory)");
      }
      return scratchDir.run(global, "piker-bench-orders", scratch -> {
        OrdersBench.Result result = OrdersBench.run(orders, remote, durable, journalFsync, metrics, scratch);
        var out = spec.commandLine().getOut();
        if (global.json()) {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("ours", view(result.ours()));
          json.put("baseline", view(result.baseline()));
          json.put("ratio", Math.round(result.ratio() * 1000) / 1000.0);
          json.put("storage", result.storage());
          json.put("metrics", metrics);
          out.println(new Json().write(json));
        } else {
          out.printf("orders: %d per phase, %s, %s%s%n", orders, remote ? "client in a second JVM" : "one JVM",
              result.storage(), metrics ? ", meters recorded" : "");
          out.printf("%-10s %9s %9s %9s %12s%n", "path", "p50 us", "p99 us", "p99.9 us", "fills/s");
          row(out, "ours", result.ours());
          row(out, "baseline", result.baseline());
          out.printf("ratio ours/baseline (p50): %.2f%n", result.ratio());
        }
        out.flush();
      });
    }

    private static void row(java.io.PrintWriter out, String name, piker.pikerd.bench.OrdersClient.PathResult path) {
      out.printf("%-10s %9d %9d %9d %12.0f%n", name, path.p50Us(), path.p99Us(), path.p999Us(), path.perS());
    }

    private static Map<String, Object> view(piker.pikerd.bench.OrdersClient.PathResult path) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("p50_us", path.p50Us());
      view.put("p99_us", path.p99Us());
      view.put("p999_us", path.p999Us());
      view.put("per_s", Math.round(path.perS()));
      view.put("orders", path.orders());
      return view;
    }
  }

  @Command(name = "live", description = "Live order round trips through emsd, brokerd and the sim venue; "
      + "then brokerd's reconciliation of M resting orders after a restart.",
      exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT},
      footer = {HelpText.ENV_NONE, HelpText.EXAMPLES,
          "  piker bench live",
          "  piker bench live --orders 500 --open 100 --json"})
  static final class Live implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    BenchScratch scratchDir;

    @Spec
    CommandSpec spec;

    @Option(names = "--orders", paramLabel = "N", defaultValue = "2000",
        description = "Round trips measured (default 2000), after a warm-up of up to 500.")
    int orders;

    @Option(names = "--open", paramLabel = "M", defaultValue = "1000",
        description = "Orders resting at the venue when brokerd reconciles (default 1000).")
    int open;

    @Override
    public Integer call() throws Exception {
      Inputs.inRange("--orders", orders, 10, 1_000_000);
      Inputs.inRange("--open", open, 1, 100_000);
      return scratchDir.run(global, "piker-bench-live", scratch -> {
        piker.pikerd.bench.LiveBench.Result result = piker.pikerd.bench.LiveBench.run(orders, open, scratch);
        var out = spec.commandLine().getOut();
        if (global.json()) {
          Map<String, Object> roundTrip = new LinkedHashMap<>();
          roundTrip.put("p50_us", result.p50Us());
          roundTrip.put("p99_us", result.p99Us());
          roundTrip.put("p999_us", result.p999Us());
          roundTrip.put("orders", result.orders());
          Map<String, Object> reconcile = new LinkedHashMap<>();
          reconcile.put("open_orders", result.openOrders());
          reconcile.put("reported_open", result.reconciledOpen());
          reconcile.put("ms", result.reconcileMs());
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("round_trip", roundTrip);
          json.put("reconcile", reconcile);
          out.println(new Json().write(json));
        } else {
          out.printf("live round trip (submit to fill at the client, one JVM, venue over its websocket), %d orders%n",
              result.orders());
          out.printf("%9s %9s %9s%n", "p50 us", "p99 us", "p99.9 us");
          out.printf("%9d %9d %9d%n", result.p50Us(), result.p99Us(), result.p999Us());
          out.printf("reconcile after a restart: %d resting orders, %d reported open, %d ms%n", result.openOrders(),
              result.reconciledOpen(), result.reconcileMs());
        }
        out.flush();
      });
    }
  }
}
