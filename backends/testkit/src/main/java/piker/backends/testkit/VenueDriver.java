package piker.backends.testkit;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.Credentials;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * What a backend's conformance test gives the kit: how to open the backend against a running venue (the
 * sim venue, a protocol fake), what that venue lists, and how to make things happen there. One driver
 * serves every check of a test class; the venue keeps running between checks, so a check uses fresh
 * accounts and prices of its own and never relies on a quiet venue beyond what is said here.
 *
 * <p>The venue must be quiet apart from what the driver does: no market moves on its own (no random walk,
 * no other traders), and it has 1-minute history for {@link #first()} back at least two frames
 * ({@code DataClient#historyFrame()} bars) from now, one bar for every minute.
 *
 * <p>Every method returns once the venue has done it (an injected tick is on the venue's stream, a fault is
 * armed); it may block, the kit calls it from the test's thread.
 */
public interface VenueDriver {

  // ---- opening the backend

  /** The backend under test. */
  Backend backend();

  /** What datad and brokerd would hand it, pointed at the venue (its conf.toml section, runtime settings). */
  BackendContext context();

  /**
   * Credentials the venue accepts and the account they trade: a fresh one per call where the venue can
   * make one, else its one account (the kit cancels what a check leaves open and counts positions as
   * changes, so checks do not see each other). The venue charges kit accounts no fee in the asset bought,
   * so a position changes by exactly the size filled.
   */
  Account newAccount();

  /** Credentials the venue refuses at login (a wrong key or secret). */
  Credentials refusedCredentials();

  // ---- what the venue lists

  /** A market the venue lists; history checks use this one. */
  Market first();

  /** Another listed market, for checks that need two on one subscription. */
  Market second();

  /** A key in the backend's own spelling ({@code bs_fqme}) of a market the venue does not list. */
  String unknownMarket();

  /** The codes the venue answers with, as they arrive as {@code RemoteError.type()} ("-1121", "UnknownMarket"). */
  Codes codes();

  // ---- making things happen

  /**
   * Puts a tick on the venue's market stream as if the market moved: {@code type} is {@code trade},
   * {@code bid} or {@code ask}. A bid or an ask also becomes the venue's best bid or ask, so an order
   * priced inside them rests.
   */
  void inject(String bsFqme, String type, BigDecimal price, BigDecimal size);

  /** Fills {@code size} of a resting order at its own limit, as a taker from the other side would. */
  void fill(OrderState order, BigDecimal size);

  /**
   * Arms the venue to refuse the next request (of any client) with an error it really sends, and returns
   * it. The kit's next request is an order submission (for a REST venue: {@code POST /api/v3/order}).
   */
  VenueError failNextRequest();

  /** Drops every client connection the venue has (streams and APIs); clients may connect again at once. */
  void dropConnections();

  /**
   * Arms the venue to refuse the next request as rate-limited with {@code retryAfter} as its Retry-After,
   * and starts recording when requests arrive (see {@link #requestArrivals()}). The kit's next request is
   * a history request ({@code DataClient#bars}; for a REST venue its klines endpoint, answered 429).
   */
  void rateLimitNext(Duration retryAfter);

  /** When the venue received each request since the last {@link #rateLimitNext}, the refused one first. */
  List<Instant> requestArrivals();

  // ---- the facts

  /** A login for {@link TradeSideConformance}: the credentials and the venue account they trade. */
  record Account(Credentials credentials, String venueAccount) {}

  /**
   * A listed market as the venue defines it.
   *
   * @param bsFqme      the backend's key for it ({@code btcusdt.spot})
   * @param priceTick   exact price step
   * @param sizeTick    exact size step (lot)
   * @param minNotional exact least price × size of an order; zero when the venue has none
   * @param price       a price on the tick where the venue takes orders (the kit trades a few ticks off it)
   */
  record Market(String bsFqme, BigDecimal priceTick, BigDecimal sizeTick, BigDecimal minNotional,
                BigDecimal price) {
    public Market {
      Objects.requireNonNull(bsFqme, "bsFqme");
      Objects.requireNonNull(priceTick, "priceTick");
      Objects.requireNonNull(sizeTick, "sizeTick");
      Objects.requireNonNull(minNotional, "minNotional");
      Objects.requireNonNull(price, "price");
    }

    /** {@link #price} moved by whole ticks. */
    public BigDecimal price(int ticks) {
      return price.add(priceTick.multiply(BigDecimal.valueOf(ticks)));
    }

    /** {@code lots} whole size steps. */
    public BigDecimal lots(long lots) {
      return sizeTick.multiply(BigDecimal.valueOf(lots));
    }

    /** The fewest lots whose value at {@code atPrice} reaches the min notional (one at least). */
    public long minLots(BigDecimal atPrice) {
      if (minNotional.signum() == 0) {
        return 1;
      }
      BigDecimal lots = minNotional.divide(atPrice.multiply(sizeTick), 0, java.math.RoundingMode.CEILING);
      return Math.max(1, lots.longValueExact());
    }
  }

  /** The venue's codes for refusals the kit provokes without {@link #failNextRequest()}. */
  record Codes(String unknownMarket, String invalidKey, String duplicateClientId) {}

  /** An error the venue sends: its code (as {@code RemoteError.type()}) and its message. */
  record VenueError(String code, String message) {}
}
