package piker.pikerd.cli;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import piker.pikerd.config.ConfigDir;
import piker.pikerd.runtime.Logging;
import piker.pikerd.runtime.RegistryAddress;

/**
 * The options every command accepts, before or after the subcommand words (cli.md, "Global options"); a
 * command mixes this class in to read them.
 *
 * <p>They are declared once, in {@link Given}, which {@code piker} mixes in with scope INHERIT: picocli
 * copies each option into every subcommand and sub-subcommand, and every copy keeps the original's
 * binding, so a value given at any level lands in the one {@code Given}. Picocli resets an inherited
 * option only at the command that declares it, so {@code sim}'s and {@code push}'s parses keep a value
 * given before their names; given at two levels, the later one counts.
 */
@Command // marks this a mixin for picocli: its options are Given's, it holds only the mixee's spec
public final class GlobalOptions {
  /** The value-taking options' names, for {@link Piker#runsPikerd} (constants: it looks before picocli loads). */
  static final String CONFIG_DIR = "--config-dir";
  static final String CONFIG_DIR_SHORT = "-c";
  static final String REGISTRY = "--registry";
  static final String LOGLEVEL = "--loglevel";
  static final String LOGLEVEL_SHORT = "-l";

  /** The command this is mixed into; its copies of the inherited options write to the root's {@link Given}. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The options as given, wherever on the line; mixed into {@code piker} under {@link #NAME}. */
  public static final class Given {
    static final String NAME = "globalOptions";

    @Option(names = {CONFIG_DIR_SHORT, CONFIG_DIR}, paramLabel = "DIR", scope = ScopeType.INHERIT,
        description = "Config and data dir; default: $PIKER_CONFIG_DIR, else $XDG_CONFIG_HOME/piker, else ~/.config/piker")
    Path configDir;

    @Option(names = REGISTRY, paramLabel = "HOST:PORT", converter = RegistryConverter.class, scope = ScopeType.INHERIT,
        description = "Where pikerd's registry listens (default: $PIKER_REGISTRY, else 127.0.0.1:6116).")
    RegistryAddress registry;

    @Option(names = {LOGLEVEL_SHORT, LOGLEVEL}, paramLabel = "LEVEL", converter = LevelConverter.class,
        scope = ScopeType.INHERIT,
        description = "Log level: trace, debug, info, warn, error, off (default: warn; info for pikerd).")
    Level logLevel;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Machine-readable output.")
    boolean json;

    /** The options given to the command line {@code command} is part of. */
    static Given of(CommandSpec command) {
      return (Given) command.root().mixins().get(NAME).userObject();
    }

    boolean debug() {
      return logLevel != null && !logLevel.isGreaterOrEqual(Level.INFO);
    }
  }

  private Given given() {
    return Given.of(command);
  }

  public Path configDir() {
    Path given = given().configDir;
    if (given != null && given.toString().isBlank()) {
      throw new BadInputException("invalid --config-dir '': name a directory (use . for the current one)");
    }
    return ConfigDir.resolve(Optional.ofNullable(given), System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The registry address; port 0 is for pikerd alone. */
  public RegistryAddress registry(boolean ephemeralAllowed) {
    RegistryAddress address = given().registry;
    if (address == null) {
      String env = System.getenv("PIKER_REGISTRY");
      if (env != null && !env.isBlank()) {
        try {
          address = RegistryAddress.parse(env);
        } catch (IllegalArgumentException e) {
          throw new BadInputException("$PIKER_REGISTRY: " + e.getMessage());
        }
      } else {
        address = RegistryAddress.DEFAULT;
      }
    }
    if (address.port() == 0 && !ephemeralAllowed) {
      throw new BadInputException("invalid registry address '" + address + "': port 0 only makes sense for pikerd");
    }
    return address;
  }

  public Level logLevel(Level fallback) {
    Level given = given().logLevel;
    return given != null ? given : fallback;
  }

  public boolean debug() {
    return given().debug();
  }

  /**
   * Whether a client prints notices (a slow pikerd, a backend that did not answer, progress) on stderr: at
   * {@code --loglevel info} or finer. At the default {@code warn} a command that succeeds prints nothing on
   * stderr (cli.md, "Exit codes").
   */
  public boolean notices() {
    Level given = given().logLevel;
    return given != null && !given.isGreaterOrEqual(Level.WARN);
  }

  public boolean json() {
    return given().json;
  }


  public static final class RegistryConverter implements ITypeConverter<RegistryAddress> {
    @Override
    public RegistryAddress convert(String value) {
      try {
        return RegistryAddress.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  public static final class LevelConverter implements ITypeConverter<Level> {
    @Override
    public Level convert(String value) {
      try {
        return Logging.parseLevel(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
