package piker.pikerd.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The certificates the JDK alone writes (Der, Certificates): read back, validated as TLS would, field by field. */
class CertificatesTest {
  private static final HexFormat HEX = HexFormat.of();

  private static void validate(X509Certificate leaf, X509Certificate anchor) throws Exception {
    validate(List.of(leaf), anchor);
  }

  private static void validate(List<X509Certificate> path, X509Certificate anchor) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
        parameters);
  }

  @Test
  void anIssuedCertificateValidatesAgainstItsCaAsTlsChecksItAndNotAgainstAnother() throws Exception {
    Certificates.Identity ca = Certificates.newAuthority("home", Duration.ofDays(30));
    Certificates.Identity node = Certificates.issue(ca, "node1", Duration.ofDays(30));
    validate(node.certificate(), ca.certificate());
    Certificates.Identity stranger = Certificates.newAuthority("stranger", Duration.ofDays(30));
    assertThrows(CertPathValidatorException.class, () -> validate(node.certificate(), stranger.certificate()));
    // a node's certificate is no CA: what it signs does not chain to the CA
    X509Certificate forged = Certificates.issue(node, "forged", Duration.ofDays(30)).certificate();
    forged.verify(node.certificate().getPublicKey());
    assertThrows(CertPathValidatorException.class, () -> validate(List.of(forged, node.certificate()), ca.certificate()));
  }

  @Test
  void theCaIsAVersion3SelfSignedAuthorityOfPathLengthZeroWithItsKeyIdentifier() throws Exception {
    Certificates.Identity ca = Certificates.newAuthority("home", Duration.ofDays(30));
    X509Certificate cert = ca.certificate();
    assertEquals(3, cert.getVersion());
    assertEquals("SHA256withECDSA", cert.getSigAlgName());
    cert.verify(cert.getPublicKey());
    assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
    assertEquals("O=piker,CN=piker CA home", cert.getSubjectX500Principal().getName());
    assertEquals(0, cert.getBasicConstraints());
    assertEquals(Set.of("2.5.29.19", "2.5.29.15"), cert.getCriticalExtensionOIDs());
    boolean[] usage = cert.getKeyUsage();
    assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign");
    assertFalse(usage[0], "not for signing in a handshake");
    byte[] keyBits = Der.lastBitStringOf(cert.getPublicKey().getEncoded());
    assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(keyBits), subjectKeyIdentifier(cert));
    assertTrue(cert.getSerialNumber().signum() > 0);
  }

  @Test
  void anIssuedCertificateServesAndConnectsAndNamesItsCasKey() throws Exception {
    Certificates.Identity ca = Certificates.newAuthority("home", Duration.ofDays(30));
    X509Certificate cert = Certificates.issue(ca, "laptop", Duration.ofDays(30)).certificate();
    assertEquals(3, cert.getVersion());
    assertEquals("O=piker,CN=piker laptop", cert.getSubjectX500Principal().getName());
    assertArrayEquals(ca.certificate().getSubjectX500Principal().getEncoded(),
        cert.getIssuerX500Principal().getEncoded());
    assertEquals(-1, cert.getBasicConstraints());
    assertTrue(cert.getKeyUsage()[0], "digitalSignature");
    assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
    // authorityKeyIdentifier: SEQUENCE { [0] keyIdentifier } holding the CA's subjectKeyIdentifier
    byte[] authority = Der.contents(Der.contents(cert.getExtensionValue("2.5.29.35")));
    byte[] keyId = Der.contents(authority);
    assertEquals((byte) 0x80, authority[0]);
    assertArrayEquals(subjectKeyIdentifier(ca.certificate()), keyId);
  }

  @Test
  void validityStartsAnHourBackAndEndsAfterTheDaysAskedEvenPast2049() throws Exception {
    Certificates.Identity ca = Certificates.newAuthority("home", Duration.ofDays(825));
    Instant now = Instant.now();
    X509Certificate cert = ca.certificate();
    assertTrue(Math.abs(Duration.between(now.minus(Duration.ofHours(1)), cert.getNotBefore().toInstant())
        .toSeconds()) < 120);
    assertTrue(Math.abs(Duration.between(now.plus(Duration.ofDays(825)), cert.getNotAfter().toInstant())
        .toSeconds()) < 120);
    // from 2050 X.509 switches to GeneralizedTime
    X509Certificate far = Certificates.newAuthority("long", Duration.ofDays(365 * 40)).certificate();
    assertTrue(far.getNotAfter().toInstant().atZone(ZoneOffset.UTC).getYear() > 2060);
  }

  @Test
  void anIssuedCertificateEndsWhenItsCaEndsAtTheLatestAndAnExpiredCaIssuesNone() throws Exception {
    Certificates.Identity ca = Certificates.newAuthority("home", Duration.ofDays(30));
    X509Certificate issued = Certificates.issue(ca, "laptop", Duration.ofDays(825)).certificate();
    assertEquals(ca.certificate().getNotAfter(), issued.getNotAfter());
    X509Certificate shorter = Certificates.issue(ca, "laptop", Duration.ofDays(7)).certificate();
    assertTrue(shorter.getNotAfter().before(ca.certificate().getNotAfter()));
    Certificates.Identity expired = Certificates.newAuthority("old", Duration.ofMinutes(-30));
    CertificateExpiredException refused = assertThrows(CertificateExpiredException.class,
        () -> Certificates.issue(expired, "laptop", Duration.ofDays(7)));
    assertTrue(refused.getMessage().contains("expired on") && refused.getMessage().contains("piker certs init"),
        refused.getMessage());
  }

  @Test
  void derEncodesKnownValues() {
    assertEquals("06082a8648ce3d040302", HEX.formatHex(Der.oid("1.2.840.10045.4.3.2")));
    assertEquals("0603551d13", HEX.formatHex(Der.oid("2.5.29.19")));
    assertEquals("0603550403", HEX.formatHex(Der.oid("2.5.4.3")));
    assertEquals("020100", HEX.formatHex(Der.integer(BigInteger.ZERO)));
    assertEquals("02020080", HEX.formatHex(Der.integer(BigInteger.valueOf(128))), "a leading zero keeps it positive");
    assertEquals("0101ff", HEX.formatHex(Der.bool(true)));
    assertEquals("03020780", HEX.formatHex(Der.namedBits(0x80)), "digitalSignature: 7 unused bits");
    assertEquals("03020106", HEX.formatHex(Der.namedBits(0x06)), "keyCertSign and cRLSign: 1 unused bit");
    assertEquals("3000", HEX.formatHex(Der.sequence()));
    assertEquals("170d3236313230343039303530365a",
        HEX.formatHex(Der.time(ZonedDateTime.of(2026, 12, 4, 9, 5, 6, 7, ZoneOffset.UTC))), "UTCTime 261204090506Z");
    assertEquals("180f32303530303130313030303030305a",
        HEX.formatHex(Der.time(ZonedDateTime.of(2050, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))), "GeneralizedTime");
    byte[] long200 = Der.octetString(new byte[200]);
    assertEquals("0481c8", HEX.formatHex(long200, 0, 3), "a length past 127 in the long form");
    byte[] long300 = Der.octetString(new byte[300]);
    assertEquals("0482012c", HEX.formatHex(long300, 0, 4));
    assertEquals(300, Der.contents(long300).length);
    assertThrows(IllegalArgumentException.class, () -> Der.contents(new byte[] {0x04, 0x05, 0x00}));
    assertThrows(IllegalArgumentException.class, () -> Der.contents(new byte[] {0x04, (byte) 0x80, 0x00, 0x00}),
        "an indefinite length is no DER");
    assertEquals("0603883703", HEX.formatHex(Der.oid("2.999.3")), "a first pair past 127 in base 128");
    byte[] key = Der.sequence(Der.sequence(Der.oid("1.2.840.10045.2.1")), Der.bitString(new byte[200]));
    assertEquals(200, Der.lastBitStringOf(key).length, "through long-form lengths");
    assertThrows(IllegalArgumentException.class, () -> Der.lastBitStringOf(java.util.Arrays.copyOf(key, 100)),
        "a cut value is refused, not padded");
  }

  private static byte[] subjectKeyIdentifier(X509Certificate cert) {
    return Der.contents(Der.contents(cert.getExtensionValue("2.5.29.14")));
  }
}
