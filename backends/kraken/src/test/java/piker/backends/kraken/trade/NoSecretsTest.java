package piker.backends.kraken.trade;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import piker.backends.kraken.KrakenFakeDriver;
import piker.backends.kraken.fake.KrakenFake;
import piker.contracts.RemoteError;
import piker.contracts.spi.TradeClient.NewOrder;
import piker.contracts.spi.TradeClient.OrderState;

/**
 * A whole session at DEBUG (a refused login, orders, a fill, a cancel, a rate limit, a drop and reconnect, the switch)
 * leaves neither the api secret nor a websocket token in any log line, exception or refusal message.
 */
class NoSecretsTest {
  @TempDir
  static Path stateDir;
  private static KrakenFake fake;
  private static Fixture on;

  @BeforeAll
  static void startFake() {
    fake = KrakenFake.start(KrakenFake.Options.quick());
    on = new Fixture(fake, stateDir);
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @Test
  void noSecretOrTokenAppearsInAnyLogLineOrMessage() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level was = root.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.DEBUG);
    List<String> said = new ArrayList<>();
    String[] key = on.newKey();
    try {
      String wrongSecret = KrakenFakeDriver.newSecret();
      RemoteError refused = Fixture.refusal(on.open(
          Map.of("api_key", key[0], "api_secret", wrongSecret), 0, new Events()));
      said.add(refused.toString());
      Events events = new Events();
      KrakenTradeClient client = (KrakenTradeClient) on.login(key, 30, events);
      try {
        Fixture.await(client.armDeadMansSwitch());
        OrderState order = Fixture.await(client.submit(new NewOrder("s-" + System.nanoTime(),
            "btcusd.spot", "buy", new BigDecimal("59995.0"), new BigDecimal("0.001"))));
        fake.fill(order.orderId(), "0.0005");
        Events.next(events.fills, fill -> fill.orderId().equals(order.orderId()), "the fill");
        fake.failNextPrivate("EAPI:Rate limit exceeded");
        said.add(Fixture.refusal(client.openOrders()).toString());
        said.add(Fixture.refusal(client.submit(new NewOrder("t-" + System.nanoTime(), "btcusd.spot",
            "buy", new BigDecimal("59995.05"), new BigDecimal("0.001")))).toString());
        fake.dropPrivateConnections();
        said.add(Events.next(events.downs, down -> true, "the drop").toString());
        Events.next(events.ups, up -> true, "the reconnect");
        said.add(Fixture.await(client.cancel(order.orderId())).toString());
      } finally {
        client.close();
      }
      for (ILoggingEvent event : appender.list) {
        said.add(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
          said.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
      }
      List<String> secrets = new ArrayList<>(List.of(key[1], wrongSecret, key[1].substring(0, 16),
          wrongSecret.substring(0, 16)));
      secrets.addAll(fake.issuedTokens());
      assertTrue(fake.issuedTokens().size() >= 2, "a token per connection");
      for (String line : said) {
        for (String secret : secrets) {
          assertFalse(line.contains(secret), "a secret or token in: " + line);
        }
      }
    } finally {
      root.detachAppender(appender);
      root.setLevel(was);
    }
  }
}
