package piker.accounting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import piker.contracts.names.AccountName;
import piker.contracts.names.Fqme;

/**
 * The positions of one account, built by applying clears in order. Mutable and not thread-safe: one
 * owner (an actor) at a time.
 *
 * <p>Rules per market, with {@code old} the size before and {@code new = old + clear.size}:
 * <ul>
 *   <li>from flat, or a clear on the same side (|size| grows): {@code avg = (avg*|old| + price*|clear|) / |new|},
 *       fees add the clear's cost;</li>
 *   <li>a clear on the other side that leaves the same side (|size| shrinks): avg stays, fees add the cost;</li>
 *   <li>reaching exactly zero closes the position: it leaves {@link #open()} and the next clear opens fresh;</li>
 *   <li>crossing zero (a flip) restarts the position at the clear's price with the remainder; fees and
 *       clears restart with that clear alone.</li>
 * </ul>
 * {@code breakEven = avg + fees/size} with the signed size, so a short's break-even lies below its avg.
 *
 * <p>Exactness: sums and products are exact BigDecimal arithmetic. The two divisions (the weighted
 * average and {@code fees/size}) cannot always be exact, so they use {@link java.math.MathContext#DECIMAL128}
 * (34 significant digits, HALF_EVEN) followed by {@code stripTrailingZeros()} (see {@link Decimals}).
 * Rounding therefore depends only on the clears and their order: {@link #replay} of a ledger gives
 * records equal to incremental application.
 *
 * <p>A position is keyed by its fqme alone and takes its {@code bs_mktid} from its latest clear, so a ledger
 * whose older clears spell the venue's market id another way (live trades before it was unified) still
 * adds up to one position per market, named as the venue names it now.
 *
 * <p>Dedup: every applied trade id is remembered, including those of closed positions, so replaying a
 * clear never double-counts.
 */
public final class Positions {
  private final String account;
  private final Map<Fqme, Position> byFqme = new HashMap<>();
  private final Set<String> appliedTids = new HashSet<>();

  public Positions(String account) {
    this.account = AccountName.parse(account).toString();
  }

  /** Builds the positions of {@code account} from a ledger's clears, in ledger order. */
  public static Positions replay(String account, List<Clear> clears) {
    Positions positions = new Positions(account);
    clears.forEach(positions::apply);
    return positions;
  }

  public String account() {
    return account;
  }

  /** Applies one clear; false, with nothing changed, when its trade id was applied before. */
  public boolean apply(Clear clear) {
    Objects.requireNonNull(clear, "clear");
    if (!appliedTids.add(clear.tid())) {
      return false;
    }
    Position before = byFqme.get(clear.fqme());
    Position after = before == null ? opened(clear) : next(before, clear);
    if (after.isOpen()) {
      byFqme.put(clear.fqme(), after);
    } else {
      byFqme.remove(clear.fqme());
    }
    return true;
  }

  public boolean has(String tid) {
    return appliedTids.contains(tid);
  }

  public Optional<Position> position(Fqme fqme) {
    return Optional.ofNullable(byFqme.get(fqme));
  }

  /** The open (non-zero) positions, sorted by fqme text so that files and listings are stable. */
  public List<Position> open() {
    List<Position> open = new ArrayList<>(byFqme.values());
    open.sort(Comparator.comparing(position -> position.fqme().toString()));
    return List.copyOf(open);
  }

  private Position opened(Clear clear) {
    return position(clear.fqme(), clear.size(), clear.price(), clear.cost(), clear.bsMktid(), List.of(clear));
  }

  private Position next(Position before, Clear clear) {
    BigDecimal oldSize = before.size();
    BigDecimal newSize = oldSize.add(clear.size());
    List<Clear> clears = new ArrayList<>(before.clears());
    clears.add(clear);
    BigDecimal fees = before.fees().add(clear.cost());
    if (newSize.signum() == 0) {
      return position(clear.fqme(), newSize, before.avgPrice(), fees, clear.bsMktid(), clears);
    }
    if (newSize.signum() != oldSize.signum()) {
      // A flip: the old position closed inside this fill, the remainder opens a new one at its price.
      return position(clear.fqme(), newSize, clear.price(), clear.cost(), clear.bsMktid(), List.of(clear));
    }
    if (clear.size().signum() == oldSize.signum()) {
      BigDecimal weighted = before.avgPrice().multiply(oldSize.abs()).add(clear.price().multiply(clear.size().abs()));
      BigDecimal avg = Decimals.divide(weighted, newSize.abs());
      return position(clear.fqme(), newSize, avg, fees, clear.bsMktid(), clears);
    }
    return position(clear.fqme(), newSize, before.avgPrice(), fees, clear.bsMktid(), clears);
  }

  private Position position(Fqme fqme, BigDecimal size, BigDecimal avg, BigDecimal fees, String bsMktid,
      List<Clear> clears) {
    BigDecimal breakEven = size.signum() == 0
        ? avg
        : Decimals.normalize(avg.add(Decimals.divide(fees, size)));
    return new Position(account, fqme, size, avg, breakEven, fees, bsMktid, clears);
  }
}
