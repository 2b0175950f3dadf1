package piker.contracts.datad;

import java.util.List;
import piker.contracts.Payload;
import piker.contracts.RemoteError;
import piker.contracts.market.Bar;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.SymbolMatch;
import piker.contracts.names.Fqme;

/** Payloads of datad's endpoints. */
public final class DatadProtocol {
  /** The default credit window of an unthrottled stream, in batches. */
  public static final int DEFAULT_WINDOW = 256;
  /** A stream's window may not reach Artery's outbound queue (3072 messages): see pekko-notes item 1. */
  public static final int MAX_WINDOW = 2048;
  public static final int MAX_THROTTLE_HZ = 1000;
  public static final int MAX_FQMES = 256;
  public static final int MAX_SEARCH_RESULTS = 500;
  /** The longest search pattern datad takes (the CLI checks it before asking). */
  public static final int MAX_SEARCH_PATTERN = 64;

  private DatadProtocol() {}

  /** {@code get_mkt_info}: the market's details. */
  public record MktInfoRequest(Fqme fqme) implements Payload {}

  public record MktInfoReply(MktPair mkt) implements Payload {}

  /** Most bars a client may ask for in all. */
  public static final int MAX_BARS = 100_000;
  /** Most bars one {@code read_bars} answer carries: a page stays well below Artery's frame size. */
  public static final int MAX_PAGE = 2_000;

  /**
   * {@code read_bars}: the newest {@code count} (at most {@link #MAX_PAGE}) bars of {@code period}
   * seconds (1 or 60) older than {@code before} (epoch seconds; 0 for the newest), oldest first. Clients
   * page backwards with {@code before} = the oldest time of the previous page.
   */
  public record BarsRequest(Fqme fqme, int period, int count, long before) implements Payload {}

  /**
   * A page of bars; {@code held} is how many bars of the period datad holds in all, and
   * {@code backfilling} whether history for it is still being loaded (more may come).
   */
  public record BarsReply(List<Bar> bars, int held, boolean backfilling) implements Payload {
    public BarsReply {
      bars = bars == null ? List.of() : List.copyOf(bars);
    }
  }

  /** {@code open_symbol_search}: fuzzy search, best first. */
  public record SearchRequest(String pattern, int limit) implements Payload {}

  public record SearchReply(List<SymbolMatch> matches) implements Payload {
    public SearchReply {
      matches = matches == null ? List.of() : List.copyOf(matches);
    }
  }

  /**
   * {@code stream_quotes} parameters. {@code throttleHz} 0 is unthrottled (every quote, batched only
   * when the subscriber falls behind); otherwise each frame conflates its quotes per market, keeping
   * every tick. Either way at most {@code window} batches are in flight before the opener grants
   * {@link Credit}.
   */
  public record StreamParams(List<Fqme> fqmes, int throttleHz, int window) implements Payload {
    public StreamParams {
      fqmes = fqmes == null ? List.of() : List.copyOf(fqmes);
    }
  }

  /** The session's first value: each market's startup quote (it carries {@code last}), in request order. */
  public record StreamStarted(List<Quote> startup) implements Payload {
    public StreamStarted {
      startup = startup == null ? List.of() : List.copyOf(startup);
    }
  }

  /** Live quotes; {@code seq} counts batches from 1 so the opener can see gaps. */
  public record QuoteBatch(long seq, List<Quote> quotes) implements Payload {
    public QuoteBatch {
      quotes = quotes == null ? List.of() : List.copyOf(quotes);
    }
  }

  /** Opener → session: it has consumed this many batches; the session may send as many more. */
  public record Credit(int batches) implements Payload {}

  /** The subscriber fell behind: {@code dropped} quotes were discarded now, {@code total} so far. */
  public record Overrun(long dropped, long total) implements Payload {}

  /** History is being loaded: {@code loaded} of {@code target} bars of {@code period} seconds so far. */
  public record BackfillProgress(Fqme fqme, int period, int loaded, int target) implements Payload {}

  /** Something happened to a market's feed (the venue dropped and is being reconnected, say). */
  public record FeedNotice(Fqme fqme, RemoteError error) implements Payload {}
}
