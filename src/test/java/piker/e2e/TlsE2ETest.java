package piker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.e2e.support.CliResult;
import piker.e2e.support.PikerdProcess;
import piker.e2e.support.Processes;
import piker.e2e.support.RawSenderMain;
import piker.pikerd.tls.TlsFiles;

/**
 * Remoting with mutual TLS between real JVMs: a pikerd whose config dir has `piker certs init`'s files serves
 * only clients holding a certificate from its CA (issued with `piker certs issue`); a client without one, or
 * with one from another CA, cannot reach a daemon; remoting beyond loopback without TLS exits 3. pikerd serves
 * on this machine's network address when it has one (else on loopback), so its clients advertise that
 * address as a client on another machine would. Every other end-to-end test is the loopback-only setup,
 * which needs no certificates.
 */
class TlsE2ETest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
  /** A refused handshake looks like a pikerd that never answers: the clients need not wait the default 30 s. */
  private static final Map<String, String> SHORT_WAIT = Map.of("PIKER_CONNECT_TIMEOUT", "5s");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path root;
  private static PikerdProcess pikerd;
  /** Whether pikerd serves beyond loopback (on this machine's network address). */
  private static boolean networked;

  private static Path dir(String name) {
    return root.resolve(name);
  }

  private static CliResult ok(String... args) {
    CliResult result = Processes.piker(CLI_TIMEOUT, args);
    assertEquals(0, result.exitCode(), result.toString());
    return result;
  }

  @BeforeAll
  static void startPikerdWithTls() throws Exception {
    Processes.writeConf(dir("server"), "[sim]\nseed = 42\ntick_rate = 20\nvenue = \"\"\n");
    assertTrue(ok("certs", "init", "-c", dir("server").toString()).stdout().contains("a new CA"));
    ok("certs", "issue", dir("laptop").toString(), "--name", "laptop", "-c", dir("server").toString());
    TlsFiles.in(dir("stranger")).init("stranger", Duration.ofDays(1)); // another CA altogether
    String host = networkAddress().orElse("127.0.0.1");
    networked = !host.equals("127.0.0.1");
    pikerd = Processes.startPikerd(dir("server"), host + ":0");
    for (String client : new String[] {"laptop", "plain", "stranger"}) {
      Files.createDirectories(dir(client));
      Files.copy(dir("server").resolve("cookie"), dir(client).resolve("cookie"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (pikerd != null) {
      pikerd.close();
    }
  }

  @Test
  void aClientWithACertificateFromTheCaListsAndStreamsOverTls() throws Exception {
    JsonNode services = JSON.readTree(ok("services", "--json", "-c", dir("laptop").toString(), "--registry",
        pikerd.address()).stdout());
    assertEquals("pikerd", services.get(0).get("name").asText());
    JsonNode quote = JSON.readTree(ok("quote", "btcusdt.spot.sim", "--count", "1", "--json", "-c",
        dir("laptop").toString(), "--registry", pikerd.address()).stdout().strip().split("\n")[0]);
    assertEquals("btcusdt.spot.sim", quote.get("fqme").asText());
  }

  @Test
  void aClientWithoutACertificateDoesNotSendItsCookie() {
    CliResult result = Processes.piker(SHORT_WAIT, CLI_TIMEOUT, "services", "-c", dir("plain").toString(),
        "--registry", pikerd.address());
    assertEquals(3, result.exitCode(), result.toString());
    // beyond loopback the client refuses by itself; on loopback it tries, and the handshake never completes
    assertTrue(result.stderr().contains(networked ? "the cookie and every order would cross it in clear"
        : "Or does it require TLS?"), result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void aPlainPekkoPeerGetsNoAnswer() throws Exception {
    // a JVM without the client library (and its refusal above) nor a certificate, asking over plain TCP
    Process plain = Processes.java(RawSenderMain.class, pikerd.address(), "3");
    try (PrintWriter cases = new PrintWriter(plain.getOutputStream(), true, StandardCharsets.UTF_8)) {
      cases.println("{\"case\":\"plain\",\"to\":\"/user/services\",\"manifest\":\"none\",\"cbor\":{}}");
      assertEquals("silent plain", Processes.stdout(plain).readLine());
    } finally {
      if (!plain.waitFor(30, TimeUnit.SECONDS)) {
        plain.destroyForcibly();
      }
    }
  }

  @Test
  void aClientWithACertificateFromAnotherCaCannotReachPikerd() {
    CliResult result = Processes.piker(SHORT_WAIT, CLI_TIMEOUT, "services", "-c", dir("stranger").toString(),
        "--registry", pikerd.address());
    assertEquals(3, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("does it trust another CA"), result.stderr());
    assertEquals("", result.stdout());
  }

  /** An up, non-loopback IPv4 address of this machine, if it has one. */
  private static Optional<String> networkAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
            return Optional.of(address.getHostAddress());
          }
        }
      }
    }
    return Optional.empty();
  }

  @Test
  void remotingBeyondLoopbackWithoutTlsExits3NamingTheFix() {
    CliResult result = Processes.piker(CLI_TIMEOUT, "pikerd", "-c", dir("plain").toString(), "--registry",
        "192.0.2.1:6116");
    assertEquals(3, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("needs TLS with mutual authentication: run `piker certs init -c "
        + dir("plain") + "`"), result.stderr());
    assertEquals("", result.stdout(), "never ready");
  }
}
