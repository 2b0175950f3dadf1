package piker.backends.wire;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The subscriptions a market stream link has asked the venue for and not had answered yet, by stream or symbol
 * name. A later subscriber of one of them hears that answer, a refusal too: answered at once instead, it would
 * take success for granted and then wait for ticks that never come. Used under its owner's lock, which
 * {@link #subscribe} takes again to forget an answered name; {@link #clear} when the owner's link changes (a
 * new link asks for everything again).
 */
public final class PendingSubscribes {
  private final Object lock;
  private final Map<String, CompletableFuture<Void>> asked = new HashMap<>();

  public PendingSubscribes(Object lock) {
    this.lock = lock;
  }

  /**
   * What a subscriber of {@code names} waits for: the answers still pending for those already wanted, and for the
   * {@code fresh} ones (wanted from now on) the answers {@code ask} requests of the venue, one per name.
   */
  public CompletableFuture<Void> subscribe(Collection<String> names, List<String> fresh,
                                           Function<List<String>, Map<String, CompletableFuture<Void>>> ask) {
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (String name : names) {
      CompletableFuture<Void> pending = asked.get(name);
      if (pending != null && !fresh.contains(name)) {
        answers.add(pending);
      }
    }
    if (!fresh.isEmpty()) {
      ask.apply(fresh).forEach((name, answer) -> {
        asked.put(name, answer);
        answer.whenComplete((ok, error) -> {
          synchronized (lock) {
            asked.remove(name, answer);
          }
        });
        answers.add(answer);
      });
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
  }

  /** The owner's link is gone: its pending answers stay their first subscribers', and no later one joins them. */
  public void clear() {
    asked.clear();
  }
}
