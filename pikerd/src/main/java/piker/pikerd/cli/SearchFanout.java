package piker.pikerd.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.market.SymbolMatch;
import piker.pikerd.runtime.DurationWords;

/**
 * One search asked of several backends at once: what each answered by a shared deadline, and for each
 * that failed or stayed silent, why in words. One unreachable venue (no network, a DNS failure) then
 * costs the user a notice, never the other backends' answers, and never more than the time limit.
 */
final class SearchFanout {
  /** A venue's own result code, e.g. Binance's -1003: worth keeping beside the venue's words. */
  private static final Pattern VENUE_CODE = Pattern.compile("-?\\d+");

  /** The matches of every backend that answered, and why each other one did not, in asking order. */
  record Outcome(List<SymbolMatch> matches, Map<String, Failure> failures, int answered) {}

  /** Why one backend did not answer: in words, and what it failed with (null when it stayed silent). */
  record Failure(String words, Throwable error) {}

  private SearchFanout() {}

  /** Waits for the asked backends until {@code limit} has passed since the call; a silent one is a failure. */
  static Outcome collect(Map<String, CompletableFuture<List<SymbolMatch>>> asked, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    List<SymbolMatch> matches = new ArrayList<>();
    Map<String, Failure> failures = new LinkedHashMap<>();
    int answered = 0;
    for (Map.Entry<String, CompletableFuture<List<SymbolMatch>>> backend : asked.entrySet()) {
      try {
        matches.addAll(backend.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        answered++;
      } catch (TimeoutException e) {
        backend.getValue().cancel(false);
        failures.put(backend.getKey(), new Failure("no answer within " + DurationWords.of(limit), null));
      } catch (ExecutionException e) {
        failures.put(backend.getKey(), new Failure(words(e.getCause()), unwrapped(e.getCause())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.put(backend.getKey(), new Failure("interrupted while waiting for its answer", e));
      }
    }
    return new Outcome(matches, failures, answered);
  }

  /**
   * Why one backend did not answer. The backend's name leads the line already, so a remote error is its
   * message (a venue's code kept in parentheses); anything else is worded as every command words it.
   */
  static String words(Throwable error) {
    Throwable cause = unwrapped(error);
    if (cause instanceof TimeoutException || cause instanceof org.apache.pekko.pattern.AskTimeoutException) {
      return "pikerd did not answer in time";
    }
    if (!(cause instanceof RemoteException remote)) {
      return Failures.words(cause);
    }
    RemoteError remoteError = remote.error();
    String message = remoteError.message();
    if (remoteError.type().contains(".") || message == null || message.isBlank() || message.equals("null")) {
      return Failures.words(remoteError);
    }
    String plain = Failures.withoutClassNames(message);
    return VENUE_CODE.matcher(remoteError.type()).matches() ? plain + " (code " + remoteError.type() + ")" : plain;
  }

  private static Throwable unwrapped(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
