package piker.backends.binance.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;

/** A host that cannot be reached is named with the reason in words (the JDK's exceptions carry none). */
class UnreachableTest {
  @Test
  void aClosedPortIsCannotConnectNamingTheHostAndRequest() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    BinanceRest rest = new BinanceRest(URI.create("http://127.0.0.1:" + port), HttpClient.newHttpClient(),
        ServerClock.system(), new HostGates(System::currentTimeMillis));
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> rest.get("/api/v3/exchangeInfo", "", 20).get(10, TimeUnit.SECONDS));
    RemoteError error = assertInstanceOf(RemoteException.class, failed.getCause()).error();
    assertEquals("BinanceUnreachable", error.type());
    assertEquals("cannot reach http://127.0.0.1:" + port + " (cannot connect, GET /api/v3/exchangeInfo)",
        error.message());
  }

  @Test
  void aNameThatDoesNotResolveIsHostNotFoundAndATimeoutSaysHowLong() {
    ConnectException dns = new ConnectException();
    dns.initCause(new UnresolvedAddressException());
    assertEquals("host not found", BinanceRest.unreachable(new CompletionException(dns)));
    assertEquals("no answer within 15 s",
        BinanceRest.unreachable(new CompletionException(new HttpConnectTimeoutException("HTTP connect timed out"))));
  }
}
