package piker.pikerd.bench;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonBase;
import piker.contracts.daemon.DaemonLifetime;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.DaemonSpec;
import piker.contracts.daemon.Session;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Asset;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;

/**
 * The orders benchmark's market: one still market whose touch never moves (bid 99.99, ask 100.01),
 * so every order priced through it fills at once and the benchmark measures the order path alone.
 */
final class BenchDatad extends DaemonBase {
  static final Fqme FQME = Fqme.parse("benchusd.spot.bench");
  static final BigDecimal BUY_PRICE = new BigDecimal("100.05");
  static final BigDecimal SELL_PRICE = new BigDecimal("99.95");
  static final BigDecimal SIZE = new BigDecimal("0.001");
  private static final MktPair MKT = new MktPair(FQME, new Asset("bench", "crypto", new BigDecimal("0.001")),
      new Asset("usd", "fiat", new BigDecimal("0.01")), new BigDecimal("0.01"), new BigDecimal("0.001"),
      new BigDecimal("0.001"), "BENCHUSD");
  private static final Quote TOUCH = new Quote(FQME, 1L, new BigDecimal("100.00"), new BigDecimal("99.99"),
      new BigDecimal("100.01"), List.of());

  static Behavior<DaemonProtocol.Command> create(DaemonSpec spec) {
    return DaemonLifetime.create(spec, ctx -> new BenchDatad(ctx, spec));
  }

  private BenchDatad(ActorContext<DaemonProtocol.Command> ctx, DaemonSpec spec) {
    super(ctx, spec, Set.of(Endpoint.GET_MKT_INFO, Endpoint.STREAM_QUOTES));
    serveCall(Endpoint.GET_MKT_INFO, request -> FQME.equals(((DatadProtocol.MktInfoRequest) request).fqme())
        ? CompletableFuture.completedFuture(new DatadProtocol.MktInfoReply(MKT))
        : CompletableFuture.failedFuture(RemoteError.of("UnknownMarket", "the bench has one market", source())
            .toException()));
    serveSession(Endpoint.STREAM_QUOTES, (session, params) -> {
      session.started(new DatadProtocol.StreamStarted(List.of(TOUCH)));
      return Behaviors.receive(Session.Input.class).onAnyMessage(credit -> Behaviors.same()).build();
    });
  }
}
