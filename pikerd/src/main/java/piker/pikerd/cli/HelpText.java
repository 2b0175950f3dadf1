package piker.pikerd.cli;

/**
 * The parts of the commands' help that several commands share (cli.md's exit codes, the environment
 * variables), each written once; every command's {@code @Command} names the ones that apply to it and
 * adds its own examples. Headings come from {@code piker}'s {@code @Command}, which every command
 * inherits. Entries are picocli format strings: {@code %n} breaks a line.
 */
final class HelpText {
  // exitCodeList entries, "CODE:meaning"
  static final String EXIT_OK = "0:success";
  static final String EXIT_FAILED = "1:failed at run time: a remote error, a timeout";
  static final String EXIT_BAD_INPUT = "2:bad input, nothing sent: one line on stderr names the value";
  static final String EXIT_NO_PIKERD = "3:no pikerd answers at the registry address (it says how to start one)";
  static final String EXIT_STOPPED = "0:stopped by SIGINT or SIGTERM";

  // footer lines under the inherited "Environment:" heading
  static final String ENV_CONFIG_DIR =
        "  PIKER_CONFIG_DIR        the config dir when -c is not given%n"
      + "  XDG_CONFIG_HOME         else the config dir is $XDG_CONFIG_HOME/piker";
  static final String ENV_REGISTRY = "  PIKER_REGISTRY          pikerd's HOST:PORT when --registry is not given";
  static final String ENV_CONNECT_TIMEOUT =
      "  PIKER_CONNECT_TIMEOUT   how long to wait for a busy pikerd (default 30s)";
  /** What a command that talks to pikerd reads. */
  static final String ENV_CLIENT = ENV_CONFIG_DIR + "%n" + ENV_REGISTRY + "%n" + ENV_CONNECT_TIMEOUT;
  static final String ENV_BROKER_FIELDS = "  PIKER_<BROKER>_<FIELD>  a brokers.toml field, e.g. PIKER_SIM_API_KEY";
  static final String ENV_NONE = "  none";

  static final String EXAMPLES = "%nExamples:";

  private HelpText() {}
}
