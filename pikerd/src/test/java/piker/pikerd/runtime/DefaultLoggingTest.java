package piker.pikerd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Logging before the CLI's own set-up: what logback.xml said, without parsing XML. */
class DefaultLoggingTest {
  @Test
  void warningsGoToStderrThroughAnAsyncAppender() {
    LoggerContext context = new LoggerContext();
    DefaultLogging.warningsToStderr(context);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertEquals(Level.WARN, root.getLevel());
    assertNotNull(root.getAppender("async-stderr"));
    context.stop();
  }

  @Test
  void aLogbackTestXmlWins() {
    // the contracts test jar on this class path brings one
    assertNotNull(getClass().getClassLoader().getResource("logback-test.xml"));
    assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, new DefaultLogging().configure(new LoggerContext()));
  }

  @Test
  void logbackFindsItAsAService() {
    assertTrue(ServiceLoader.load(Configurator.class).stream()
        .anyMatch(provider -> provider.type() == DefaultLogging.class));
  }
}
