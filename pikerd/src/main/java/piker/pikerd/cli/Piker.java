package piker.pikerd.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import piker.contracts.daemon.Hello;
import piker.pikerd.runtime.StartupTrace;
import piker.pikerd.runtime.StopSignal;

/**
 * The {@code piker} command line (cli.md is its contract). Its {@code @Command} is inherited by every
 * subcommand (scope INHERIT): {@code -h/--help} and {@code -V/--version}, the help's headings, and the
 * global options it mixes in, so each of them is accepted before or after any command word.
 */
@Command(name = "piker", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = Piker.Version.class,
    description = {"A trading runtime on Apache Pekko: pikerd and its daemon tree, and the tools that talk to it.",
        "Global options go before or after the command words; every command takes -h/--help."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT,
        "3:pikerd could not start, or none answers at the registry address"},
    footerHeading = "%nEnvironment:%n",
    footer = {HelpText.ENV_CLIENT, HelpText.ENV_BROKER_FIELDS, HelpText.EXAMPLES,
        "  piker pikerd &                            start the root daemon",
        "  piker quote btcusdt.spot.sim --count 3",
        "  piker -c /tmp/piker services --json        global options go anywhere",
        "  piker order --help                         or: piker help order"})
public final class Piker extends CommandGroup {
  /**
   * The commands, in the order help lists them. Not in {@code @Command}: picocli would build every one of
   * them (reflection over some forty classes, a third of a client's start-up CPU on Java 17), and a command
   * line that names one needs only that one (docs/benchmarks.md, issue 18).
   */
  static final List<Class<?>> COMMANDS = List.of(PikerdCommand.class, ServicesCommand.class, StatusCommand.class,
      BackendsCommand.class, SearchCommand.class, MktInfoCommand.class, QuoteCommand.class, BarsCommand.class,
      ChartCommand.class, OrderCommand.class, OrdersCommand.class, CancelCommand.class, PositionsCommand.class,
      LedgerCommand.class, SimCommand.class, CertsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class);

  @Mixin(name = GlobalOptions.Given.NAME)
  GlobalOptions.Given globalOptions;

  public static void main(String[] args) {
    StartupTrace.mark("main");
    // pikerd exits 0 on TERM or INT at any point of its start-up, so it takes them before anything loads
    StopSignal stop = runsPikerd(args) ? StopSignal.install() : null;
    int code = run(stop, args);
    StartupTrace.mark("exit");
    StartupTrace.report();
    System.exit(code);
  }

  /** Runs one command line and returns its exit code. */
  public static int run(String... args) {
    return run(null, args);
  }

  private static int run(StopSignal stop, String... args) {
    CommandLine commandLine = commandLine(new Factory(stop), firstCommandWord(args));
    StartupTrace.mark("command line built");
    // straight onto System.out, so checkError() sees a write that failed (a closed pipe)
    commandLine.setOut(new PrintWriter(System.out, true, StdoutEncoding.charset()));
    commandLine.setParameterExceptionHandler(Piker::onBadInput);
    commandLine.setExecutionExceptionHandler(Piker::onFailure);
    return commandLine.execute(args);
  }

  /** Unparseable options and values: one line naming the bad value, exit 2. */
  private static int onBadInput(ParameterException error, String[] args) {
    PrintWriter err = error.getCommandLine().getErr();
    // picocli quotes the user's values whole: long ones are cut like every other echoed value
    err.println(error.getCommandLine().getCommandName() + ": "
        + oneLine(Failures.cutLongValues(error.getMessage())));
    err.flush();
    return ExitCodes.BAD_INPUT;
  }

  private static int onFailure(Exception error, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    String name = commandLine.getCommandName();
    int code = Failures.exitCode(error);
    // in words: what went wrong and what to do; class names and actor paths are for --loglevel debug
    String message = Failures.words(error);
    err.println(name + ": " + oneLine(message));
    // stack traces reach stderr only with --loglevel debug (or trace)
    if (GlobalOptions.Given.of(commandLine.getCommandSpec()).debug()) {
      error.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** The whole command line, every command in it: what help lists and what tests inspect. */
  static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory(), null);
  }

  /**
   * The command line with only the command {@code word} names, or with all of them when it names none
   * (help, a typo that picocli answers with suggestions, or no command at all).
   */
  static CommandLine commandLine(CommandLine.IFactory factory, String word) {
    CommandLine commandLine = new CommandLine(new Piker(), factory);
    List<Class<?>> named = COMMANDS.stream().filter(type -> names(type).contains(word)).toList();
    for (Class<?> type : named.isEmpty() || "help".equals(word) ? COMMANDS : named) {
      commandLine.addSubcommand(new CommandLine(type, factory));
    }
    return commandLine;
  }

  private static List<String> names(Class<?> type) {
    Command command = type.getAnnotation(Command.class);
    List<String> names = new ArrayList<>(List.of(command.aliases()));
    names.add(command.name());
    return names;
  }

  /** Whether the first command word is {@code pikerd}, so {@code piker -c pikerd services} is not pikerd. */
  static boolean runsPikerd(String... args) {
    return "pikerd".equals(firstCommandWord(args));
  }

  /**
   * The first command word (a cheap look, before picocli loads), or null: global options before it are
   * skipped with their values.
   */
  public static String firstCommandWord(String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (List.of(GlobalOptions.CONFIG_DIR_SHORT, GlobalOptions.CONFIG_DIR, GlobalOptions.REGISTRY,
          GlobalOptions.LOGLEVEL_SHORT, GlobalOptions.LOGLEVEL).contains(arg)) {
        i++;
      } else if (!arg.startsWith("-")) {
        return arg;
      }
    }
    return null;
  }

  /** Hands pikerd the signals main took over; every other command is made as picocli makes it. */
  private record Factory(StopSignal stop) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == PikerdCommand.class && stop != null) {
        return type.cast(new PikerdCommand(stop));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  private static String oneLine(String message) {
    return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ").strip();
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"piker 0.1.0 (wire protocol v" + Hello.PROTOCOL_VERSION + ", Apache Pekko)"};
    }
  }
}
