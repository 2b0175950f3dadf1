package piker.pikerd.cli;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import piker.pikerd.config.ConfigDir;
import piker.pikerd.runtime.Logging;
import piker.pikerd.runtime.RegistryAddress;

/** The options every subcommand accepts (cli.md, "Global options"). */
public final class GlobalOptions {

  @Option(names = {"-c", "--config-dir"}, paramLabel = "DIR",
      description = "Config and data dir (default: $PIKER_CONFIG_DIR, else $XDG_CONFIG_HOME/piker, else ~/.config/piker).")
  Path configDir;

  @Option(names = "--registry", paramLabel = "HOST:PORT", converter = RegistryConverter.class,
      description = "Where pikerd's registry listens (default: $PIKER_REGISTRY, else 127.0.0.1:6116).")
  RegistryAddress registry;

  @Option(names = {"-l", "--loglevel"}, paramLabel = "LEVEL", converter = LevelConverter.class,
      description = "Log level: trace, debug, info, warn, error (default: warn; info for pikerd).")
  Level logLevel;

  @Option(names = "--json", description = "Machine-readable output.")
  boolean json;

  public Path configDir() {
    return ConfigDir.resolve(Optional.ofNullable(configDir), System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The registry address; port 0 is for pikerd alone. */
  public RegistryAddress registry(boolean ephemeralAllowed) {
    RegistryAddress address = registry;
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
    return logLevel != null ? logLevel : fallback;
  }

  public boolean debug() {
    return logLevel != null && !logLevel.isGreaterOrEqual(Level.INFO);
  }

  public boolean json() {
    return json;
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
