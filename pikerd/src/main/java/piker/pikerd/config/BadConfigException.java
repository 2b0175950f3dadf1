package piker.pikerd.config;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * conf.toml cannot be used: one line naming the file, the line and what is wrong there, in words
 * (e.g. {@code /home/u/.config/piker/conf.toml line 14: unknown key [risk] max_ordr_size; did you mean
 * max_order_size?}), the first problem in file order and how many more follow.
 */
public final class BadConfigException extends RuntimeException {
  private final transient Path file;
  private final transient List<Problem> problems;

  /** What is wrong at one place; {@code line} and {@code column} are 0 when unknown. */
  public record Problem(int line, int column, String text) {}

  public BadConfigException(Path file, List<Problem> problems) {
    super(describe(file, problems));
    this.file = file;
    this.problems = problems.stream().sorted(Comparator.comparingInt(Problem::line)).toList();
  }

  public BadConfigException(Path file, String problem) {
    this(file, List.of(new Problem(0, 0, problem)));
  }

  public Path file() {
    return file;
  }

  /** In file order. */
  public List<Problem> problems() {
    return problems;
  }

  /** The message alone: wherever this is shown, the user reads what to fix, never a class name. */
  @Override
  public String toString() {
    return getMessage();
  }

  private static String describe(Path file, List<Problem> problems) {
    Problem first = problems.stream().min(Comparator.comparingInt(Problem::line)).orElseThrow();
    String where = first.line() <= 0 ? file + ": "
        : file + " line " + first.line() + (first.column() > 0 ? ", column " + first.column() : "") + ": ";
    int more = problems.size() - 1;
    return where + first.text() + (more == 0 ? "" : " (and " + more + " more problem" + (more == 1 ? "" : "s")
        + " after it)");
  }
}
