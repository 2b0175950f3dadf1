package piker.brokerd.account;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import piker.contracts.market.MktPair;

/**
 * brokerd's own cache of market details from the venue (a price is checked against the venue's tick
 * before it is placed), with the placements waiting for a market's details: explicit placements, re-run when
 * the details arrive. Plain code, owned by its trader actor.
 */
final class MarketCache {
  /** What a placement needs to do about its market. */
  enum Need {
    /** The details are at hand: place now. */
    READY,
    /** A fetch is on its way: the placement waits for it. */
    WAIT,
    /** Fetch the details: the placement waits for them. */
    FETCH
  }

  private final Map<String, MktPair> markets = new HashMap<>();
  /** Why a market's details could not be had, for the order that needed them (unknown, or no answer). */
  private final Map<String, String> problems = new HashMap<>();
  /** Per market being fetched, the placements waiting for it (null for a fetch only to warm the cache). */
  private final Map<String, List<Effect.Place>> waiting = new HashMap<>();

  /** What {@code place} (null: nobody, a warm-up) must do to have {@code bsFqme}'s details. */
  Need need(String bsFqme, Effect.Place place) {
    if (markets.containsKey(bsFqme)) {
      return Need.READY;
    }
    List<Effect.Place> queued = waiting.get(bsFqme);
    boolean fetching = queued != null;
    if (!fetching) {
      queued = new ArrayList<>();
      waiting.put(bsFqme, queued);
    }
    queued.add(place);
    return fetching ? Need.WAIT : Need.FETCH;
  }

  /** The venue's answer ({@code mkt} null, with {@code problem}, when it gave none); the placements that waited. */
  List<Effect.Place> loaded(String bsFqme, MktPair mkt, String problem) {
    if (mkt != null) {
      markets.put(bsFqme, mkt);
      problems.remove(bsFqme);
    } else {
      problems.put(bsFqme, problem);
    }
    List<Effect.Place> queued = waiting.remove(bsFqme);
    return queued == null ? List.of() : queued.stream().filter(Objects::nonNull).toList();
  }

  MktPair get(String bsFqme) {
    return markets.get(bsFqme);
  }

  /** Why the details of {@code bsFqme} are missing. */
  String problem(String bsFqme) {
    return problems.getOrDefault(bsFqme, "no answer");
  }
}
