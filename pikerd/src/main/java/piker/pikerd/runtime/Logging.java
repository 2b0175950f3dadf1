package piker.pikerd.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Logging set up from the command line: stderr always (stdout is for results), and for pikerd a
 * rolling file as well; both behind async appenders so a slow terminal never stalls an actor.
 */
public final class Logging {
  /** {@code %rmsg}: the message with brokerd's actor-name suffix masked ({@link RedactedMessage}). */
  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %rmsg%n";
  /** stderr shows no stack traces unless debugging (cli.md); the log file keeps them. */
  private static final String TERSE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %rmsg%n%nopex";

  private Logging() {}

  /** Parses a level name; throws with the accepted names for anything else. */
  public static Level parseLevel(String name) {
    String upper = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
    return switch (upper) {
      case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF" -> Level.toLevel(upper);
      case "WARNING" -> Level.WARN;
      default -> throw new IllegalArgumentException("unknown log level '" + name
          + "'; use trace, debug, info, warn, error or off");
    };
  }

  /** The level name Pekko's own config understands. */
  public static String pekkoLevel(Level level) {
    if (level == Level.OFF) {
      return "OFF";
    }
    if (level == Level.WARN) {
      return "WARNING";
    }
    return level == Level.TRACE ? "DEBUG" : level.levelStr;
  }

  public static void configure(Level level, Optional<Path> logFile) {
    // Initialise SLF4J before any ActorSystem exists (pekko-notes item 6).
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    registerRedaction(context);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stderr");
    console.setTarget("System.err");
    console.setEncoder(encoder(context, level.isGreaterOrEqual(Level.INFO) ? TERSE_PATTERN : PATTERN));
    console.start();
    root.addAppender(async(context, console));
    logFile.ifPresent(file -> root.addAppender(async(context, rollingFile(context, file))));
    if (level.isGreaterOrEqual(Level.INFO)) {
      // Remoting reports every refused or closed connection (clients come and go all the time);
      // the command's own message says it once. --loglevel debug shows them.
      context.getLogger("org.apache.pekko.remote.artery").setLevel(Level.ERROR);
      context.getLogger("org.apache.pekko.stream.Materializer").setLevel(Level.ERROR);
      PEKKO_LIFECYCLE.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
    }
  }

  /**
   * Pekko's lifecycle narration at INFO: the logger starting, the split-brain resolver's start and
   * leadership (its downing decisions are WARN and still show), a coordinated shutdown starting (pikerd
   * says why itself) and remoting's three goodbye lines. At info they only bury pikerd's own lines;
   * --loglevel debug shows them. Cluster membership chatter is off at its source ({@code pikerd.conf}).
   */
  static final List<String> PEKKO_LIFECYCLE = List.of(
      "org.apache.pekko.event.slf4j.Slf4jLogger",
      "org.apache.pekko.cluster.sbr",
      "org.apache.pekko.actor.CoordinatedShutdown",
      "org.apache.pekko.remote.RemoteActorRefProvider$RemotingTerminator");

  @SuppressWarnings("unchecked")
  private static void registerRedaction(LoggerContext context) {
    Object rules = context.getObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY);
    java.util.Map<String, String> registry = rules instanceof java.util.Map<?, ?> existing
        ? (java.util.Map<String, String>) existing : new java.util.HashMap<>();
    registry.put("rmsg", RedactedMessage.class.getName());
    context.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY, registry);
  }

  static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }

  private static Appender<ILoggingEvent> rollingFile(LoggerContext context, Path file) {
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("file");
    appender.setFile(file.toString());
    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(file + ".%i");
    rolling.setMinIndex(1);
    rolling.setMaxIndex(5);
    rolling.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(FileSize.valueOf("20MB"));
    trigger.start();
    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    appender.setEncoder(encoder(context, PATTERN));
    appender.start();
    return appender;
  }

  static Appender<ILoggingEvent> async(LoggerContext context, Appender<ILoggingEvent> target) {
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("async-" + target.getName());
    // Never drop warnings or errors; under pressure drop info and below rather than block.
    async.setDiscardingThreshold(20);
    async.setQueueSize(8192);
    async.setNeverBlock(false);
    async.addAppender(target);
    async.start();
    return async;
  }

  /** Flushes the async appenders; call before the JVM exits. */
  public static void stop() {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
  }
}
