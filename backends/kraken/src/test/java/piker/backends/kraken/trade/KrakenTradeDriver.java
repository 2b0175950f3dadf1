package piker.backends.kraken.trade;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import piker.backends.kraken.KrakenFakeDriver;
import piker.backends.kraken.fake.KrakenFake;
import piker.backends.testkit.VenueDriver;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * The trade kit's view of the Kraken fake: {@link KrakenFakeDriver} with fees off (a fill moves the base balance by
 * exactly its size), nonces kept in a test's directory, and each market's least order as the trade side meets it.
 * The kit knows one minimum per market, a notional; Kraken has two, {@code costmin} and {@code ordermin} (a volume),
 * and at the kit's prices {@code ordermin} binds (0.0001 BTC × 60000 = 6 USD, over costmin 0.5), so here
 * {@link Market#minNotional()} is {@code max(costmin, ordermin × price)}, the least order value Kraken takes there.
 */
final class KrakenTradeDriver implements VenueDriver {
  private final KrakenFakeDriver shared;
  private final Path stateDir;

  KrakenTradeDriver(KrakenFake fake, Path stateDir) {
    this.shared = new KrakenFakeDriver(fake);
    this.stateDir = stateDir;
    fake.feeFree(true);
  }

  @Override
  public BackendContext context() {
    return new BackendContext(RuntimeSettings.of(stateDir), shared.context().config());
  }

  /** BTC/USD: ordermin 0.0001 at 60000.0 is 6 USD. */
  @Override
  public Market first() {
    Market market = shared.first();
    return new Market(market.bsFqme(), market.priceTick(), market.sizeTick(), new BigDecimal("6"), market.price());
  }

  /** ETH/USD: ordermin 0.002 at 3000.00 is 6 USD. */
  @Override
  public Market second() {
    Market market = shared.second();
    return new Market(market.bsFqme(), market.priceTick(), market.sizeTick(), new BigDecimal("6"), market.price());
  }

  @Override
  public Backend backend() {
    return shared.backend();
  }

  @Override
  public Account newAccount() {
    return shared.newAccount();
  }

  @Override
  public Credentials refusedCredentials() {
    return shared.refusedCredentials();
  }

  @Override
  public String unknownMarket() {
    return shared.unknownMarket();
  }

  @Override
  public Codes codes() {
    return shared.codes();
  }

  @Override
  public void inject(String bsFqme, String type, BigDecimal price, BigDecimal size) {
    shared.inject(bsFqme, type, price, size);
  }

  @Override
  public void fill(OrderState order, BigDecimal size) {
    shared.fill(order, size);
  }

  @Override
  public VenueError failNextRequest() {
    return shared.failNextRequest();
  }

  @Override
  public void dropConnections() {
    shared.dropConnections();
  }

  @Override
  public void rateLimitNext(Duration retryAfter) {
    shared.rateLimitNext(retryAfter);
  }

  @Override
  public List<Instant> requestArrivals() {
    return shared.requestArrivals();
  }
}
