package piker.datad;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import piker.contracts.LocalOnly;
import piker.contracts.market.Bar;
import piker.contracts.names.Fqme;

/**
 * Bar history on disk: an embedded DuckDB database ({@code history/bars.duckdb}) that takes every closed
 * and backfilled bar, exported atomically as one Parquet file per market and period
 * ({@code history/<fqme>/<1s|1m>.parquet}) on an interval and when datad stops, for pandas and polars.
 * JDBC blocks, so this actor runs on the blocking-I/O dispatcher. Prices and sizes are DECIMAL(38, 12).
 */
final class BarStore extends AbstractBehavior<BarStore.Command> {
  interface Command extends LocalOnly {}

  /** The newest {@code limit} stored bars of a market and period, oldest first. */
  record Load(Fqme fqme, int period, int limit, ActorRef<Loaded> replyTo) implements Command {}

  record Loaded(List<Bar> bars) implements LocalOnly {}

  /**
   * Stores bars, replacing any stored at the same times; {@code storedTo} (may be null) hears when they are
   * written (or refused): a backfill waits for it, so what waits for the disk stays bounded.
   */
  record Append(Fqme fqme, int period, List<Bar> bars, ActorRef<Stored> storedTo) implements Command {
    Append(Fqme fqme, int period, List<Bar> bars) {
      this(fqme, period, bars, null);
    }
  }

  record Stored() implements LocalOnly {}

  /** Exports every changed series and closes the database; answers when done. */
  record Close(ActorRef<Closed> replyTo) implements Command {}

  record Closed() implements LocalOnly {}

  private record Export() implements Command {}

  /** Writes the appends that arrived since the last write: sent to self after the first of them. */
  private record Write() implements Command {}

  private record Series(Fqme fqme, int period) {}

  /** DuckDB's buffer pool: beyond it, it spills to a temporary file rather than grow. */
  static final String MEMORY_LIMIT = "64MB";

  private final Path dir;
  private final Connection db;
  private final Set<Series> changed = new HashSet<>();
  /**
   * Appends not written yet. Each write is a few DuckDB statements whatever its size, so appends are
   * written together: one {@link Write} follows the first, behind every append queued meanwhile (a hundred
   * feeds flushing each second and backfilling would otherwise queue faster than one-by-one writes drain).
   */
  private final List<Append> pending = new ArrayList<>();
  private boolean writeDue;

  static Behavior<Command> create(Path historyDir, Duration exportInterval) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new BarStore(ctx, timers, historyDir,
        exportInterval)));
  }

  private BarStore(ActorContext<Command> ctx, TimerScheduler<Command> timers, Path historyDir, Duration exportInterval) {
    super(ctx);
    this.dir = historyDir;
    try {
      Files.createDirectories(historyDir);
      this.db = DriverManager.getConnection("jdbc:duckdb:" + historyDir.resolve("bars.duckdb"));
      try (Statement statement = db.createStatement()) {
        // DuckDB's defaults are for analytics (a buffer pool of 80% of RAM, a thread per core): bars need
        // little, and pikerd's memory should not grow with the history it has written (docs/history.md)
        statement.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
        statement.execute("SET threads = 1");
        statement.execute("CREATE TABLE IF NOT EXISTS bars (fqme VARCHAR, period INTEGER, time BIGINT, "
            + "open DECIMAL(38, 12), high DECIMAL(38, 12), low DECIMAL(38, 12), close DECIMAL(38, 12), "
            + "volume DECIMAL(38, 12), PRIMARY KEY (fqme, period, time))");
        // appends land here first (the appender is fast but cannot replace), then merge into bars, the
        // latest of a batch winning where a batch holds a bar twice (seq: the order of arrival)
        statement.execute("DROP TABLE IF EXISTS staging");
        statement.execute("CREATE TABLE staging AS SELECT *, 0::BIGINT AS seq FROM bars LIMIT 0");
      }
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("cannot open the bar history in " + historyDir + ": " + e.getMessage(), e);
    }
    timers.startTimerWithFixedDelay(new Export(), exportInterval);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Load.class, this::onLoad)
        .onMessage(Append.class, this::onAppend)
        .onMessage(Write.class, write -> {
          writeDue = false;
          writePending();
          return this;
        })
        .onMessage(Export.class, export -> {
          writePending();
          exportChanged();
          return this;
        })
        .onMessage(Close.class, close -> {
          writePending();
          exportChanged();
          closeDb();
          close.replyTo().tell(new Closed());
          return Behaviors.stopped();
        })
        .onSignal(PostStop.class, signal -> {
          closeDb();
          return this;
        })
        .build();
  }

  private Behavior<Command> onLoad(Load load) {
    writePending(); // a load sees every append sent before it
    List<Bar> bars = new ArrayList<>();
    try (PreparedStatement query = db.prepareStatement("SELECT time, open, high, low, close, volume FROM "
        + "(SELECT * FROM bars WHERE fqme = ? AND period = ? ORDER BY time DESC LIMIT ?) ORDER BY time")) {
      query.setString(1, load.fqme().toString());
      query.setInt(2, load.period());
      query.setInt(3, load.limit());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          bars.add(new Bar(rows.getLong(1), plain(rows.getBigDecimal(2)), plain(rows.getBigDecimal(3)),
              plain(rows.getBigDecimal(4)), plain(rows.getBigDecimal(5)), plain(rows.getBigDecimal(6))));
        }
      }
    } catch (SQLException e) {
      getContext().getLog().error("cannot load the {} s history of {}: {}", load.period(), load.fqme(), e.getMessage());
    }
    load.replyTo().tell(new Loaded(bars));
    return this;
  }

  /** DECIMAL(38, 12) comes back with twelve decimals; trailing zeros say nothing about the price. */
  private static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private Behavior<Command> onAppend(Append append) {
    if (append.bars().isEmpty()) {
      acknowledge(append);
      return this;
    }
    try {
      append.bars().forEach(BarStore::checkScale);
    } catch (ArithmeticException e) {
      getContext().getLog().error("cannot store {} bars of {}: {}", append.bars().size(), append.fqme(), e.getMessage());
      acknowledge(append);
      return this;
    }
    pending.add(append);
    if (!writeDue) {
      writeDue = true;
      getContext().getSelf().tell(new Write());
    }
    return this;
  }

  private void writePending() {
    if (pending.isEmpty()) {
      return;
    }
    int count = pending.stream().mapToInt(append -> append.bars().size()).sum();
    try {
      long seq = 0;
      try (DuckDBAppender appender = db.unwrap(DuckDBConnection.class).createAppender("main", "staging")) {
        for (Append append : pending) {
          String fqme = append.fqme().toString();
          for (Bar bar : append.bars()) {
            appender.beginRow();
            appender.append(fqme);
            appender.append(append.period());
            appender.append(bar.time());
            appender.append(scaled(bar.open()));
            appender.append(scaled(bar.high()));
            appender.append(scaled(bar.low()));
            appender.append(scaled(bar.close()));
            appender.append(scaled(bar.volume()));
            appender.append(seq++);
            appender.endRow();
          }
        }
      }
      try (Statement merge = db.createStatement()) {
        merge.execute("INSERT OR REPLACE INTO bars SELECT fqme, period, time, open, high, low, close, volume "
            + "FROM staging QUALIFY row_number() OVER (PARTITION BY fqme, period, time ORDER BY seq DESC) = 1");
        merge.execute("DELETE FROM staging");
      }
      pending.forEach(append -> changed.add(new Series(append.fqme(), append.period())));
    } catch (SQLException e) {
      getContext().getLog().error("cannot store {} bars of {} series: {}", count, pending.size(), e.getMessage());
      try (Statement clear = db.createStatement()) {
        clear.execute("DELETE FROM staging");
      } catch (SQLException ignored) {
        // the next append reports a dead connection
      }
    }
    pending.forEach(BarStore::acknowledge);
    pending.clear();
  }

  private static void acknowledge(Append append) {
    if (append.storedTo() != null) {
      append.storedTo().tell(new Stored());
    }
  }

  /** Refuses a bar the columns cannot hold exactly, before it joins a batch that would fail with it. */
  private static void checkScale(Bar bar) {
    scaled(bar.open());
    scaled(bar.high());
    scaled(bar.low());
    scaled(bar.close());
    scaled(bar.volume());
  }

  /** The column's scale; a price finer than 12 decimals is refused rather than rounded. */
  private static BigDecimal scaled(BigDecimal value) {
    return value.setScale(12, java.math.RoundingMode.UNNECESSARY);
  }

  /** Writes each changed series to a temporary Parquet file and moves it into place atomically. */
  private void exportChanged() {
    for (Series series : List.copyOf(changed)) {
      Path target = dir.resolve(series.fqme().toString()).resolve(series.period() == 60 ? "1m.parquet" : "1s.parquet");
      Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
      try {
        Files.createDirectories(target.getParent());
        try (PreparedStatement export = db.prepareStatement("COPY (SELECT time, open, high, low, close, volume FROM "
            + "bars WHERE fqme = '" + series.fqme() + "' AND period = " + series.period()
            + " ORDER BY time) TO '" + tmp.toString().replace("'", "''") + "' (FORMAT PARQUET)")) {
          export.execute();
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        changed.remove(series);
      } catch (IOException | SQLException e) {
        getContext().getLog().warn("cannot export {} to {}: {}", series, target, e.getMessage());
      }
    }
  }

  private void closeDb() {
    try {
      if (!db.isClosed()) {
        db.close();
      }
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException("closing the bar history: " + e.getMessage(), e));
    }
  }
}
