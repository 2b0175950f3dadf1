package piker.pikerd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import piker.pikerd.runtime.RegistryAddress;

class ClientAddressTest {
  @Test
  void aClientOfALoopbackPikerdAdvertisesLoopback() {
    assertEquals("127.0.0.1", ClientAddress.toReach(RegistryAddress.parse("127.0.0.1:6116")));
    assertEquals("127.0.0.1", ClientAddress.toReach(RegistryAddress.parse("localhost:6116")));
    assertEquals("127.0.0.1", ClientAddress.toReach(RegistryAddress.parse("127.8.9.1:6116")));
  }

  @Test
  void aClientOfAPikerdOnThisMachinesNetworkAddressAdvertisesThatAddress() throws SocketException {
    InterfaceAddress lan = networkAddress().orElse(null);
    assumeTrue(lan != null, "this machine has no up, non-loopback IPv4 interface");
    String own = lan.getAddress().getHostAddress();
    assertEquals(own, ClientAddress.toReach(new RegistryAddress(own, 6116)));
  }

  @Test
  void aClientOfAPikerdOnAnotherMachineOfTheSubnetAdvertisesItsOwnAddressOnThatSubnet() throws Exception {
    InterfaceAddress lan = networkAddress().orElse(null);
    assumeTrue(lan != null && lan.getNetworkPrefixLength() <= 30, "no IPv4 subnet with room for a neighbour");
    byte[] neighbour = lan.getAddress().getAddress();
    neighbour[3] ^= 1; // the other host of the pair: same subnet, not this machine (no packet is sent)
    String other = InetAddress.getByAddress(neighbour).getHostAddress();
    String advertised = ClientAddress.toReach(new RegistryAddress(other, 6116));
    assertEquals(lan.getAddress().getHostAddress(), advertised);
    assertFalse(InetAddress.getByName(advertised).isLoopbackAddress());
  }

  @Test
  void aClientWithoutTlsRefusesAPikerdBeyondLoopbackBeforeSendingItsCookie(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("cookie"), "not read: the refusal comes first");
    NoPikerdException refused = assertThrows(NoPikerdException.class, () ->
        PikerClient.connect(dir, RegistryAddress.parse("192.0.2.77:6116"), "WARNING", Duration.ofSeconds(1)));
    assertTrue(refused.getMessage().contains("is reached over the network"), refused.getMessage());
    assertTrue(refused.getMessage().contains("piker certs issue"), refused.getMessage());
  }

  @Test
  void theClientsConfigAdvertisesTheChosenAddress(@TempDir Path dir) throws SocketException {
    assertEquals("127.0.0.1", PikerClient.clientConfig(dir, RegistryAddress.parse("127.0.0.1:6116"), "WARNING")
        .getString("pekko.remote.artery.canonical.hostname"));
    InterfaceAddress lan = networkAddress().orElse(null);
    assumeTrue(lan != null, "this machine has no up, non-loopback IPv4 interface");
    String own = lan.getAddress().getHostAddress();
    assertEquals(own, PikerClient.clientConfig(dir, new RegistryAddress(own, 6116), "WARNING")
        .getString("pekko.remote.artery.canonical.hostname"));
  }

  /** An up, non-loopback IPv4 address of this machine, if it has one. */
  static Optional<InterfaceAddress> networkAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InterfaceAddress address : nic.getInterfaceAddresses()) {
        if (address.getAddress() instanceof Inet4Address && !address.getAddress().isLinkLocalAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }
}
