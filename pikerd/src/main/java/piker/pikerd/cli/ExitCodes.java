package piker.pikerd.cli;

/** The exit codes of cli.md. */
public final class ExitCodes {
  public static final int OK = 0;
  /** The operation failed at run time. */
  public static final int FAILED = 1;
  /** Bad input; nothing was sent. */
  public static final int BAD_INPUT = 2;
  /** pikerd could not start, or none answers. */
  public static final int NO_PIKERD = 3;

  private ExitCodes() {}
}
