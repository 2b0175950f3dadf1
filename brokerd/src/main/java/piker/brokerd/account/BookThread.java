package piker.brokerd.account;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.names.AccountName;
import piker.contracts.spi.TradeClient.NormTrade;
import piker.contracts.spi.TradeClient.VenuePosition;

/**
 * An account's {@link AccountBook} on a thread of its own, so that its reads and fsyncs never hold the
 * trader's actor thread (nor brokerd's dispatcher). A job queue for the book's reads, syncs and appends,
 * not accounting's {@code LedgerWriter} (which group-commits bare appends for paperboi): brokerd's ledger
 * work is more than appends. Jobs run one at a time in the order given, and each
 * completes its stage only once its writes are durable: the trader tells emsd of a fill when the stage
 * of its {@link #record} completes (delivered back to the actor as a message), never before.
 */
final class BookThread implements AutoCloseable {
  /** What a reconcile's ledger step found: trades added, the verdict on positions, and the open positions. */
  record Synced(int added, AccountBook.Comparison comparison, List<ClearingProtocol.PositionUpdate> positions,
                ClearingProtocol.LedgerReply reply) {}

  /** The ledger, not the venue, failed (a write or a read of the ledger file). */
  static final class LedgerFailure extends RuntimeException {
    LedgerFailure(Exception cause) {
      super(cause.getMessage(), cause);
    }
  }

  @FunctionalInterface
  private interface Job<T> {
    T run() throws IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(BookThread.class);
  /** How long a stopping trader waits for its ledger's last writes. */
  private static final Duration CLOSING = Duration.ofSeconds(10);

  private final AccountBook book;
  private final Executor thread;
  /** The thread this writer started (null when given one), shut down on {@link #close}. */
  private final ExecutorService owned;

  /** A writer with its own thread, named after the account. */
  static BookThread start(Path dataDir, AccountName account) {
    ExecutorService thread = Executors.newSingleThreadExecutor(job -> {
      Thread writer = new Thread(job, "brokerd-ledger-" + account);
      writer.setDaemon(true);
      return writer;
    });
    return new BookThread(new AccountBook(dataDir, account), thread, thread);
  }

  /** A writer on {@code thread}, which must run jobs one at a time in order (a test's slow or inline one). */
  BookThread(AccountBook book, Executor thread) {
    this(book, thread, null);
  }

  private BookThread(AccountBook book, Executor thread, ExecutorService owned) {
    this.book = book;
    this.thread = thread;
    this.owned = owned;
  }

  /** Every market the ledger has traded (bs_fqme); the ledger is opened on first use (failing as itself). */
  CompletionStage<Set<String>> markets() {
    return run(book::markets, false);
  }

  /** Appends the venue's trades the ledger lacks, then compares positions; a ledger sync's reply too. */
  CompletionStage<Synced> sync(List<NormTrade> trades, List<VenuePosition> positions, boolean withReply) {
    return run(() -> {
      int added = book.sync(trades);
      AccountBook.Comparison comparison = book.compare(positions);
      return new Synced(added, comparison, book.positions(), withReply ? book.reply() : null);
    }, true);
  }

  /** One fill into the ledger (fsync); the market's position after it, or empty when it was there already. */
  CompletionStage<Optional<ClearingProtocol.PositionUpdate>> record(NormTrade trade) {
    return run(() -> book.record(trade), true);
  }

  /** Runs {@code job} on the writer's thread; its failure as a {@link LedgerFailure} when {@code asLedger}. */
  private <T> CompletionStage<T> run(Job<T> job, boolean asLedger) {
    CompletableFuture<T> done = new CompletableFuture<>();
    try {
      thread.execute(() -> {
        try {
          done.complete(job.run());
        } catch (IOException | RuntimeException e) {
          done.completeExceptionally(asLedger ? new LedgerFailure(e) : e);
        }
      });
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new LedgerFailure(e));
    }
    return done;
  }

  /**
   * Writes what is queued, closes the book (its account file) and ends the thread, waiting for it (once, as
   * the trader stops): a trader started next for the account opens the ledger only after this one let go.
   */
  @Override
  public void close() {
    try {
      thread.execute(book::close);
    } catch (RejectedExecutionException e) {
      return; // closed already
    }
    if (owned != null) {
      owned.shutdown();
      try {
        if (!owned.awaitTermination(CLOSING.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("the ledger writer of {} is still writing after {} s", book.account(), CLOSING.toSeconds());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
