package piker.backends.sim;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import piker.backends.sim.client.SimTradeClient;
import piker.backends.sim.venue.SimVenue;
import piker.backends.testkit.VenueDriver;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.TradeClient.OrderState;

/** The conformance kit's driver over a quiet sim venue: its push, fault and drop hooks. */
final class SimVenueDriver implements VenueDriver {
  private static final Market BTC = new Market("btcusdt.spot", new BigDecimal("0.01"), new BigDecimal("0.00001"),
      BigDecimal.ZERO, new BigDecimal("60000"));
  private static final Market ETH = new Market("ethusdt.spot", new BigDecimal("0.01"), new BigDecimal("0.0001"),
      BigDecimal.ZERO, new BigDecimal("3000"));

  private final SimVenue venue;
  private final Path configDir;
  private final AtomicLong accounts = new AtomicLong();

  SimVenueDriver(SimVenue venue, Path configDir) {
    this.venue = venue;
    this.configDir = configDir;
  }

  @Override
  public Backend backend() {
    return new SimBackend();
  }

  @Override
  public BackendContext context() {
    return new BackendContext(RuntimeSettings.of(configDir), Map.of("venue", venue.address()));
  }

  @Override
  public Account newAccount() {
    return new Account(new Credentials(Map.of(SimTradeClient.API_KEY, "simkey-conformance")),
        "KIT-" + accounts.incrementAndGet());
  }

  @Override
  public Credentials refusedCredentials() {
    return new Credentials(Map.of(SimTradeClient.API_KEY, "not-a-sim-key"));
  }

  @Override
  public Market first() {
    return BTC;
  }

  @Override
  public Market second() {
    return ETH;
  }

  @Override
  public String unknownMarket() {
    return "zzzusdt.spot";
  }

  @Override
  public Codes codes() {
    return new Codes("UnknownMarket", "InvalidKey", "DuplicateClientId");
  }

  @Override
  public void inject(String bsFqme, String type, BigDecimal price, BigDecimal size) {
    done(venue.push(bsFqme, type, price, size));
  }

  /** A taker from the other side at the order's limit: the venue matches it against the resting order. */
  @Override
  public void fill(OrderState order, BigDecimal size) {
    inject(order.bsFqme(), "buy".equals(order.side()) ? "ask" : "bid", order.price(), size);
  }

  @Override
  public VenueError failNextRequest() {
    VenueError error = new VenueError("BadOrder", "refused by the venue for the conformance kit");
    venue.failNextRequest(error.code(), error.message());
    return error;
  }

  @Override
  public void dropConnections() {
    if (done(venue.dropConnections()) == 0) {
      throw new IllegalStateException("the kit asked for a drop with no client connected: nothing to check");
    }
  }

  @Override
  public void rateLimitNext(Duration retryAfter) {
    venue.rateLimitNextRequest(retryAfter);
  }

  @Override
  public List<Instant> requestArrivals() {
    return venue.requestArrivals();
  }

  private static <T> T done(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the sim venue did not do what the kit asked: " + e, e);
    }
  }
}
