package piker.datad;

import java.util.List;
import org.apache.pekko.actor.DeadLetterSuppression;
import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Session;
import piker.contracts.market.Quote;
import piker.contracts.names.Fqme;

/** What datad's actors tell each other inside the daemon; none of it leaves the JVM. */
final class FeedMessages {
  private FeedMessages() {}

  /** A quote session asks datad for a market's feed. */
  record AttachFeed(Fqme fqme, ActorRef<Session.Input> session) implements DaemonProtocol.Command, LocalOnly {}

  /** Feed → datad: no one is subscribed (or it failed to start); datad decides whether it retires. */
  record FeedIdle(Fqme fqme, ActorRef<Feed.Command> feed) implements DaemonProtocol.Command, LocalOnly {}

  /** Feed → session: attached; every quote after {@code startup} will follow. */
  record Attached(Fqme fqme, Quote startup) implements Session.Input, LocalOnly {}

  /**
   * Feed → session: live quotes. A batch on its way when the session ends is an expected dead letter (the
   * feed hears of the end a moment later): logged at debug, not info.
   */
  /** {@code arrivedNanos}: when the feed received them ({@link System#nanoTime}), for the delay meter. */
  record FeedQuotes(List<Quote> quotes, long arrivedNanos) implements Session.Input, LocalOnly, DeadLetterSuppression {}

  /** Feed → session: the feed could not start (an unknown market, say). */
  record FeedFailed(Fqme fqme, RemoteError error) implements Session.Input, LocalOnly {}

  /**
   * Feed → session: backfill progress of one period. Like a quote batch, progress on its way when the session
   * ends (a `piker bars` that has what it asked for and exits) is an expected dead letter: debug, not info.
   */
  record Backfilled(Fqme fqme, int period, int loaded, int target)
      implements Session.Input, LocalOnly, DeadLetterSuppression {}

  /** Feed → session: something happened that the subscriber should know. */
  record FeedTrouble(Fqme fqme, RemoteError error) implements Session.Input, LocalOnly {}
}
