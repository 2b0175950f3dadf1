package piker.pikerd.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A local certificate authority and the certificates it issues to pikerd nodes and clients, for remoting's
 * mutual TLS: EC P-256 keys, ECDSA-SHA256 signatures, X.509 v3 (RFC 5280) with the extensions TLS checks.
 * The JDK alone: its providers make the keys and signatures, {@link Der} writes the structure and the JDK's
 * certificate factory reads it back.
 */
public final class Certificates {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String COMMON_NAME = "2.5.4.3";
  private static final String ORGANIZATION = "2.5.4.10";
  private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  // key usage, bits numbered from the first byte's high bit (RFC 5280, 4.2.1.3)
  private static final int DIGITAL_SIGNATURE = 0x80;
  private static final int KEY_CERT_SIGN = 0x04;
  private static final int CRL_SIGN = 0x02;

  private Certificates() {}

  /** A key pair and its certificate (a CA's own, or one it issued). */
  public record Identity(KeyPair keys, X509Certificate certificate) {}

  /** A self-signed CA, allowed to sign end certificates only (path length 0). */
  public static Identity newAuthority(String name, Duration validity) {
    KeyPair keys = newKeys();
    byte[] subject = name("piker CA " + name);
    try {
      byte[] extensions = Der.sequence(
          extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true), Der.integer(BigInteger.ZERO))),
          extension(KEY_USAGE, true, Der.namedBits(KEY_CERT_SIGN | CRL_SIGN)),
          extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyIdentifier(keys.getPublic()))));
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      return new Identity(keys, signed(subject, subject, keys.getPublic(), now, now.plus(validity), extensions, keys));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not make a certificate authority: " + e.getMessage(), e);
    }
  }

  /**
   * A certificate for a node or client called {@code name}, signed by {@code authority}: it serves and connects.
   * It ends when the authority does, at the latest: a chain is no longer than its CA's life.
   */
  public static Identity issue(Identity authority, String name, Duration validity) throws CertificateExpiredException {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    requireValid(authority.certificate(), now);
    ZonedDateTime caEnds = authority.certificate().getNotAfter().toInstant().atZone(ZoneOffset.UTC);
    ZonedDateTime asked = now.plus(validity);
    ZonedDateTime notAfter = asked.isAfter(caEnds) ? caEnds : asked;
    KeyPair keys = newKeys();
    try {
      byte[] extensions = Der.sequence(
          extension(BASIC_CONSTRAINTS, true, Der.sequence()),
          extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE)),
          extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH), Der.oid(CLIENT_AUTH))),
          extension(AUTHORITY_KEY_IDENTIFIER, false,
              Der.sequence(Der.implicit(0, keyIdentifierOf(authority.certificate())))));
      // the issuer is the CA's subject byte for byte, as path building compares them
      byte[] issuer = authority.certificate().getSubjectX500Principal().getEncoded();
      return new Identity(keys, signed(issuer, name("piker " + name), keys.getPublic(), now, notAfter, extensions,
          authority.keys()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not issue a certificate for " + name + ": " + e.getMessage(), e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC P-256 keys: " + e.getMessage(), e);
    }
  }

  /** CN=commonName, O=piker. */
  private static byte[] name(String commonName) {
    return Der.sequence(
        Der.setOf(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(commonName))),
        Der.setOf(Der.sequence(Der.oid(ORGANIZATION), Der.utf8("piker"))));
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
        : Der.sequence(Der.oid(oid), Der.octetString(value)); // FALSE is the default, which DER leaves out
  }

  /** RFC 5280's method 1: the SHA-1 of the subject public key's bits. */
  private static byte[] keyIdentifier(PublicKey key) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-1").digest(Der.lastBitStringOf(key.getEncoded()));
  }

  /** The authority's own key identifier when its certificate has one, else computed as it would be. */
  private static byte[] keyIdentifierOf(X509Certificate authority) throws GeneralSecurityException {
    byte[] extension = authority.getExtensionValue(SUBJECT_KEY_IDENTIFIER);
    return extension == null ? keyIdentifier(authority.getPublicKey())
        : Der.contents(Der.contents(extension)); // an OCTET STRING holding the extension's OCTET STRING
  }

  /** Refuses an authority past its end, naming what to do. */
  public static void requireValid(X509Certificate authority, ZonedDateTime now) throws CertificateExpiredException {
    if (!now.toInstant().isBefore(authority.getNotAfter().toInstant())) {
      throw new CertificateExpiredException("the CA " + authority.getSubjectX500Principal().getName() + " expired on "
          + authority.getNotAfter().toInstant() + ": make a new one (`piker certs init` in a fresh config dir) and"
          + " issue every certificate again");
    }
  }

  private static X509Certificate signed(byte[] issuer, byte[] subject, PublicKey key, ZonedDateTime now,
                                        ZonedDateTime notAfter, byte[] extensions, KeyPair signer)
      throws GeneralSecurityException {
    byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256)); // no parameters for ECDSA (RFC 5758)
    byte[] toBeSigned = Der.sequence(
        Der.explicit(0, Der.integer(BigInteger.TWO)), // v3
        Der.integer(new BigInteger(127, RANDOM).add(BigInteger.ONE)), // positive, at most 16 bytes
        algorithm,
        issuer,
        // a little in the past, so that a peer whose clock runs a few minutes behind accepts it at once
        Der.sequence(Der.time(now.minus(Duration.ofHours(1))), Der.time(notAfter)),
        subject,
        key.getEncoded(), // the JDK encodes a public key as its SubjectPublicKeyInfo
        Der.explicit(3, extensions));
    Signature signature = Signature.getInstance(SIGNATURE);
    signature.initSign(signer.getPrivate(), RANDOM);
    signature.update(toBeSigned);
    byte[] certificate = Der.sequence(toBeSigned, algorithm, Der.bitString(signature.sign()));
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(certificate));
  }
}
