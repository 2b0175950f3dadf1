package piker.pikerd.cli;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.pikerd.bench.OrdersClient;
import piker.pikerd.client.PikerClient;

/**
 * {@code piker bench attach}: order round trips through a running pikerd's emsd, wherever its cluster placed
 * emsd, its clearing daemon and the venue: the figure for a real topology (docs/distribution.md).
 */
@Command(name = "attach", description = {"Order round trips (submit to fill, one at a time; then fills/s with 64 "
    + "in flight) through the emsd of the running pikerd at --registry, on any node of its cluster.",
    "Orders alternate buy and sell through the market's still touch, so each fills at once (a quiet sim venue:",
    "conf.toml [sim] tick_rate = 0); they trade: use a paper account or a venue's test account.",
    "With --rest, orders rest away from the touch and a round trip ends at `open` (the clearing daemon's",
    "acknowledgement): for a venue whose book the fills would empty (the quiet sim's live book). They stay open."},
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker bench attach --orders 500",
        "  piker bench attach --account sim.main --registry 127.0.0.1:6126 --json"})
final class BenchAttachCommand extends ClientCommand {
  @Option(names = "--orders", paramLabel = "N", defaultValue = "500",
      description = "Orders per phase (10..100000, default 500), after as many again to warm up.")
  int orders;

  @Option(names = "--account", paramLabel = "ACCT", defaultValue = "sim.paper",
      description = "The account the orders trade in (default sim.paper).")
  String account;

  @Option(names = "--fqme", paramLabel = "FQME", defaultValue = "btcusdt.spot.sim",
      description = "The market (default btcusdt.spot.sim).")
  String fqme;

  @Option(names = "--buy-price", paramLabel = "P",
      description = "A buy's limit: above the ask (default 60010: the quiet sim's btcusdt ask is 60000.01); with "
          + "--rest below the bid (default 50000).")
  String buyPrice;

  @Option(names = "--sell-price", paramLabel = "P",
      description = "A sell's limit: below the bid (default 59990); with --rest above the ask (default 70000).")
  String sellPrice;

  @Option(names = "--rest", description = "Orders rest; a round trip ends at `open`.")
  boolean rest;

  @Option(names = "--size", paramLabel = "S", defaultValue = "0.001", description = "Each order's size.")
  String size;

  private OrdersClient.Market market;

  @Override
  void validate() {
    Inputs.inRange("--orders", orders, 10, 100_000);
    try {
      Fqme.parse(fqme);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("invalid --fqme '" + fqme + "': " + e.getMessage());
    }
    BigDecimal buy = Inputs.positive(buyPrice != null ? buyPrice : rest ? "50000" : "60010", "--buy-price");
    BigDecimal sell = Inputs.positive(sellPrice != null ? sellPrice : rest ? "70000" : "59990", "--sell-price");
    if (!rest && sell.compareTo(buy) >= 0) {
      throw new BadInputException("--sell-price " + sell + " must be below --buy-price " + buy
          + ": the buy crosses the ask and the sell the bid");
    }
    if (rest && sell.compareTo(buy) <= 0) {
      throw new BadInputException("with --rest, --sell-price " + sell + " must be above --buy-price " + buy
          + ": both rest, away from the touch");
    }
    market = new OrdersClient.Market(account, Fqme.parse(fqme).toString(), buy, sell,
        Inputs.positive(size, "--size"), rest);
  }

  @Override
  int run(PikerClient client) {
    ActorRef<DaemonProtocol.Command> emsd = client.maybeSpawn(ServiceName.of(DaemonKind.EMSD));
    OrdersClient.PathResult result;
    try {
      result = OrdersClient.ours(client.system(), emsd, client.hello(), orders, market);
    } catch (Exception e) {
      spec.commandLine().getErr().println("bench attach: " + (e instanceof java.util.concurrent.TimeoutException
          ? "an order got no " + (rest ? "open" : "fill") + " within 30 s (a touch that moved, or a book emptied?)"
          : e.getMessage()));
      return ExitCodes.FAILED;
    }
    String node = emsd.path().address().toString();
    if (global.json()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("emsd", node);
      view.put("account", market.account());
      view.put("until", rest ? "open" : "fill");
      view.put("p50_us", result.p50Us());
      view.put("p99_us", result.p99Us());
      view.put("p999_us", result.p999Us());
      view.put("per_s", Math.round(result.perS()));
      view.put("orders", result.orders());
      out().println(json.write(view));
    } else {
      out().printf("orders: %d per phase, %s on %s, submit to %s, emsd on %s%n", orders, market.account(),
          market.fqme(), rest ? "open" : "fill", node);
      out().printf("%9s %9s %9s %12s%n", "p50 us", "p99 us", "p99.9 us", "fills/s");
      out().printf("%9d %9d %9d %12.0f%n", result.p50Us(), result.p99Us(), result.p999Us(), result.perS());
    }
    out().flush();
    return ExitCodes.OK;
  }
}
