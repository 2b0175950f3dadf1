package piker.pikerd.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsFilesTest {
  @TempDir
  Path root;

  private static KeyStore load(Path file, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  @Test
  void initMakesACaAndThisDirsCertificateSignedByItEveryFilePrivate() throws Exception {
    TlsFiles tls = TlsFiles.in(root.resolve("node1"));
    tls.init("node1", Duration.ofDays(30));
    assertTrue(tls.present());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.dir())));
    for (Path file : new Path[] {tls.node(), tls.trust(), tls.password(), tls.authority()}) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
    }
    String password = tls.readPassword();
    X509Certificate ca = (X509Certificate) load(tls.trust(), password).getCertificate(TlsFiles.CA_ALIAS);
    assertEquals(0, ca.getBasicConstraints(), "a CA that signs end certificates only");
    KeyStore node = load(tls.node(), password);
    Certificate[] chain = node.getCertificateChain(TlsFiles.NODE_ALIAS);
    X509Certificate mine = (X509Certificate) chain[0];
    mine.verify(ca.getPublicKey());
    mine.checkValidity();
    assertEquals(-1, mine.getBasicConstraints(), "not a CA");
    assertTrue(mine.getExtendedKeyUsage().containsAll(java.util.List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")),
        "it serves and connects");
    assertTrue(mine.getSubjectX500Principal().getName().contains("CN=piker node1"));
    assertArrayEquals(ca.getEncoded(), chain[1].getEncoded());
    assertTrue(node.getKey(TlsFiles.NODE_ALIAS, password.toCharArray()) != null);
  }

  @Test
  void issueSignsAnotherDirsCertificateWithThisCaAndAnotherCaIsNotTrusted() throws Exception {
    TlsFiles first = TlsFiles.in(root.resolve("node1"));
    first.init("node1", Duration.ofDays(30));
    TlsFiles laptop = TlsFiles.in(root.resolve("laptop"));
    first.issueTo(laptop, "laptop", Duration.ofDays(30));
    assertTrue(laptop.present());
    assertFalse(Files.exists(laptop.authority()), "the CA's key stays where it was made");
    X509Certificate ca = (X509Certificate) load(first.trust(), first.readPassword()).getCertificate(TlsFiles.CA_ALIAS);
    X509Certificate issued = (X509Certificate) load(laptop.node(), laptop.readPassword())
        .getCertificate(TlsFiles.NODE_ALIAS);
    issued.verify(ca.getPublicKey());

    TlsFiles stranger = TlsFiles.in(root.resolve("stranger"));
    stranger.init("stranger", Duration.ofDays(30));
    X509Certificate strangers = (X509Certificate) load(stranger.node(), stranger.readPassword())
        .getCertificate(TlsFiles.NODE_ALIAS);
    assertThrows(SignatureException.class, () -> strangers.verify(ca.getPublicKey()));
  }

  @Test
  void nothingIsReplacedAndAnIncompleteCopyIsNamed() throws Exception {
    TlsFiles tls = TlsFiles.in(root.resolve("node1"));
    tls.init("node1", Duration.ofDays(30));
    byte[] before = Files.readAllBytes(tls.authority());
    assertThrows(FileAlreadyExistsException.class, () -> tls.init("again", Duration.ofDays(30)));
    assertArrayEquals(before, Files.readAllBytes(tls.authority()), "the CA is untouched");
    assertThrows(FileAlreadyExistsException.class, () -> tls.issueTo(tls, "self", Duration.ofDays(30)));

    TlsFiles copied = TlsFiles.in(root.resolve("copy"));
    Files.createDirectories(copied.dir());
    Files.copy(tls.node(), copied.node());
    assertTrue(copied.partial());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> RemotingTls.overlay(root.resolve("copy")));
    assertTrue(refused.getMessage().contains("incomplete"), refused.getMessage());

    // a leftover file is refused before anything is written: new files never replace one, so the set would
    // end up with a password that opens nothing
    TlsFiles leftover = TlsFiles.in(root.resolve("leftover"));
    Files.createDirectories(leftover.dir());
    Files.writeString(leftover.password(), "an old password\n");
    assertThrows(FileAlreadyExistsException.class, () -> tls.issueTo(leftover, "laptop", Duration.ofDays(30)));
    assertThrows(FileAlreadyExistsException.class, () -> leftover.init("laptop", Duration.ofDays(30)));
    assertFalse(Files.exists(leftover.node()) || Files.exists(leftover.trust()) || Files.exists(leftover.authority()),
        "nothing written beside the leftover");
  }

  @Test
  void theOverlayTurnsOnArteryTlsWithMutualAuthenticationOnlyWithTheFiles() throws Exception {
    assertTrue(RemotingTls.overlay(root.resolve("plain")).isEmpty(), "no files: plain TCP on loopback");
    TlsFiles tls = TlsFiles.in(root.resolve("node1"));
    tls.init("node1", Duration.ofDays(30));
    Config config = RemotingTls.overlay(root.resolve("node1"));
    assertEquals("tls-tcp", config.getString("pekko.remote.artery.transport"));
    assertTrue(config.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
    assertEquals(tls.node().toAbsolutePath().toString(),
        config.getString("pekko.remote.artery.ssl.config-ssl-engine.key-store"));
    assertTrue(RemotingTls.beyondLoopback("0.0.0.0"));
    assertTrue(RemotingTls.beyondLoopback("192.0.2.1"));
    assertFalse(RemotingTls.beyondLoopback("127.0.0.1"));
    assertFalse(RemotingTls.beyondLoopback("localhost"));
  }
}
