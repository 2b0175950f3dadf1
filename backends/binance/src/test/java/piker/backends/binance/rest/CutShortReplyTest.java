package piker.backends.binance.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import piker.backends.binance.trade.ErrorKinds;

/**
 * A 200 whose body breaks off on the wire (fewer bytes than its Content-Length, then the connection drops): the JDK
 * fails the read, and the shell still tells it apart from no answer at all, since Binance did answer 200.
 */
class CutShortReplyTest {
  @Test
  void aTwoHundredWhoseBodyBreaksOffIsAnAcceptanceInDoubtNotATimeout() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> answerCutShort(server, 200));
      RestShell shell = new RestShell(URI.create("http://127.0.0.1:" + server.getLocalPort()),
          HttpClient.newHttpClient(), Duration.ofSeconds(10), new HostGates(System::currentTimeMillis));
      RestShell.Reply reply = shell.send("POST", "/api/v3/order", () -> "symbol=BTCUSDT", Map.of(), 1, false)
          .get(10, TimeUnit.SECONDS);
      served.get(10, TimeUnit.SECONDS);
      assertNull(reply.body());
      assertTrue(reply.refusal() instanceof ErrorKinds.InDoubt, String.valueOf(reply.refusal()));
      assertEquals(ErrorKinds.UNREADABLE_200, reply.refusal().code(), reply.refusal().msg());
      assertTrue(reply.refusal().msg().contains("broke off"), reply.refusal().msg());
    }
  }

  @Test
  void anotherStatusWhoseBodyBreaksOffIsTheTransportsFailure() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> answerCutShort(server, 503));
      RestShell shell = new RestShell(URI.create("http://127.0.0.1:" + server.getLocalPort()),
          HttpClient.newHttpClient(), Duration.ofSeconds(10), new HostGates(System::currentTimeMillis));
      CompletableFuture<RestShell.Reply> reply = shell.send("GET", "/api/v3/time", () -> "", Map.of(), 1, true);
      java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
          java.util.concurrent.ExecutionException.class, () -> reply.get(10, TimeUnit.SECONDS));
      assertTrue(failed.getCause() instanceof java.io.IOException, String.valueOf(failed.getCause()));
      served.get(10, TimeUnit.SECONDS);
    }
  }

  /** Reads one request's head, answers {@code status} announcing 100 bytes of body, sends 14, and hangs up. */
  private static void answerCutShort(ServerSocket server, int status) {
    try (Socket socket = server.accept()) {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        // the request's head; no body (noBody)
      }
      OutputStream out = socket.getOutputStream();
      out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
          + "{\"symbol\":\"BT").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
