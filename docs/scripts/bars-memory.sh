#!/usr/bin/env sh
# Heap a market's bar buffers take when full, measured in-process: MARKETS markets each get a day of
# 1 s bars and 30 days of 1 m bars (datad's default capacities) prepended as a backfill would (frames of
# 1,000 bars, every value a decimal parsed from text, as the backends parse them), and the heap used after
# a full GC is compared before and after. Prints bytes per market for each buffer.
# Usage: docs/scripts/bars-memory.sh [MARKETS] [REV]  (default 10; REV: measure that revision's BarBuffer,
# e.g. main before issue 18, compiled over this build). Needs `mvn -q -DskipTests package` (or the
# datad module compiled) first.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
markets=${1:-10}
rev=${2:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp="$root/datad/target/classes:$root/contracts/target/classes"
mkdir -p "$dir/src/piker/datad" "$dir/classes"
if [ -n "$rev" ]; then
  git -C "$root" show "$rev:datad/src/main/java/piker/datad/BarBuffer.java" > "$dir/src/piker/datad/BarBuffer.java"
fi
cat > "$dir/src/piker/datad/BarsMemory.java" <<'JAVA'
package piker.datad;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import piker.contracts.market.Bar;
import piker.contracts.market.Scale;

public final class BarsMemory {
  private static final long T = 1_795_838_400L;

  public static void main(String[] args) throws Exception {
    int markets = Integer.parseInt(args[0]);
    List<Object> held = new ArrayList<>();
    long before = usedAfterGc();
    for (int[] buffer : new int[][] {{1, 86_400}, {60, 43_200}}) {
      for (int m = 0; m < markets; m++) {
        held.add(filled(buffer[0], buffer[1], new Random(m)));
      }
      long after = usedAfterGc();
      System.out.printf("%d s bars, %,d a market: %,d bytes a market (%.1f bytes a bar)%n", buffer[0], buffer[1],
          (after - before) / markets, (after - before) / (double) markets / buffer[1]);
      before = after;
    }
    System.out.println(held.size() + " buffers held");
  }

  /** A buffer filled with {@code capacity} bars of a random walk, prepended newest frame first. */
  private static Object filled(int period, int capacity, Random random) throws Exception {
    Object buffer = newBuffer(period, capacity);
    Method prepend = buffer.getClass().getDeclaredMethod("prepend", List.class);
    prepend.setAccessible(true);
    long price = 6_000_000; // cents
    long end = T;
    for (int done = 0; done < capacity; done += 1000) {
      List<Bar> frame = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        long open = price;
        long close = open + random.nextInt(21) - 10;
        long high = Math.max(open, close) + random.nextInt(5);
        long low = Math.min(open, close) - random.nextInt(5);
        frame.add(new Bar(end - (1000L - i) * period, cents(open), cents(high), cents(low), cents(close),
            new BigDecimal(BigDecimal.valueOf(random.nextInt(10_000_000), 5).toPlainString())));
        price = close;
      }
      end -= 1000L * period;
      prepend.invoke(buffer, frame);
    }
    return buffer;
  }

  private static BigDecimal cents(long units) {
    return new BigDecimal(BigDecimal.valueOf(units, 2).toPlainString()); // parsed from text, as a backend does
  }

  private static Object newBuffer(int period, int capacity) throws Exception {
    for (Constructor<?> constructor : BarBuffer.class.getDeclaredConstructors()) {
      constructor.setAccessible(true);
      if (constructor.getParameterCount() == 4) {
        return constructor.newInstance(period, capacity, Scale.of(2), Scale.of(5));
      }
      if (constructor.getParameterCount() == 2) {
        return constructor.newInstance(period, capacity);
      }
    }
    throw new IllegalStateException("no BarBuffer constructor known here");
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
JAVA
javac -nowarn -d "$dir/classes" -cp "$cp" "$dir"/src/piker/datad/*.java 2>&1 | grep -v "^Note:" || true
java -Xmx3g -XX:+UseG1GC -cp "$dir/classes:$cp" piker.datad.BarsMemory "$markets"
