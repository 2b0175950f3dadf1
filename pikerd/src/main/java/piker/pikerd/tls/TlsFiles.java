package piker.pikerd.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import piker.pikerd.config.NewFiles;

/**
 * The TLS files of one config dir, under {@code <config-dir>/tls}: {@code node.p12} (this node's or client's key
 * and certificate chain), {@code trust.p12} (the CA's certificate: the only issuer trusted), {@code password}
 * (of both stores, random), and on the machine that made the CA, {@code ca.p12} (its key: it issues the others).
 * Every file is 0600 in a 0700 folder, created whole and never replaced ({@link NewFiles}).
 */
public record TlsFiles(Path dir) {
  static final String NODE_ALIAS = "node";
  static final String CA_ALIAS = "piker-ca";

  public static TlsFiles in(Path configDir) {
    return new TlsFiles(configDir.resolve("tls"));
  }

  public Path node() {
    return dir.resolve("node.p12");
  }

  public Path trust() {
    return dir.resolve("trust.p12");
  }

  public Path password() {
    return dir.resolve("password");
  }

  public Path authority() {
    return dir.resolve("ca.p12");
  }

  /** Whether this config dir has what remoting's TLS needs (its own certificate, the CA's, the password). */
  public boolean present() {
    return Files.exists(node()) && Files.exists(trust()) && Files.exists(password());
  }

  /** Some of the files but not all: a copy that went wrong, to be named rather than silently ignored. */
  public boolean partial() {
    return !present() && (Files.exists(node()) || Files.exists(trust()) || Files.exists(password()));
  }

  /** Why a {@link #partial()} copy is refused, and what to do. */
  public String incomplete() {
    return "the TLS files in " + dir + " are incomplete (node.p12, trust.p12 and password go together): copy all"
        + " three again, or remove the folder for plain loopback";
  }

  public String readPassword() throws IOException {
    return Files.readString(password(), StandardCharsets.UTF_8).strip();
  }

  /**
   * A new CA in this config dir and this dir's own certificate from it ({@code name}: the machine's, shown in
   * the certificate). Refuses to replace an existing CA: every certificate it issued would stop working.
   */
  public void init(String name, Duration validity) throws IOException, GeneralSecurityException {
    requireNone();
    Certificates.Identity authority = Certificates.newAuthority(name, validity);
    String password = newPassword();
    prepareDir();
    write(authority(), keyStore(password, "ca", authority.keys(), authority.certificate()), password);
    writeIssued(this, authority, name, validity, password);
  }

  /**
   * Issues a certificate from this dir's CA into {@code target}'s tls folder, for another node or a client; returns
   * it (its end may be the CA's, sooner than asked).
   */
  public X509Certificate issueTo(TlsFiles target, String name, Duration validity)
      throws IOException, GeneralSecurityException {
    if (!Files.exists(authority())) {
      throw new IOException("no CA in " + dir + ": run `piker certs init` here first");
    }
    target.requireNone();
    String password = readPassword();
    KeyStore ca = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(authority())) {
      ca.load(in, password.toCharArray());
    }
    Certificates.Identity authority = new Certificates.Identity(new KeyPair(ca.getCertificate("ca").getPublicKey(),
        (PrivateKey) ca.getKey("ca", password.toCharArray())), (X509Certificate) ca.getCertificate("ca"));
    Certificates.requireValid(authority.certificate(), ZonedDateTime.now(ZoneOffset.UTC)); // before any folder is made
    target.prepareDir();
    return writeIssued(target, authority, name, validity, newPassword());
  }

  /**
   * Refuses a folder with any of the files (a whole set, a partial copy, a CA): the new ones are written one by
   * one and never replace a file, so a leftover would leave a set whose password opens nothing.
   */
  private void requireNone() throws FileAlreadyExistsException {
    if (Files.exists(authority()) || Files.exists(node()) || Files.exists(trust()) || Files.exists(password())) {
      throw new FileAlreadyExistsException(dir.toString(), null, "TLS files exist already");
    }
  }

  private static X509Certificate writeIssued(TlsFiles target, Certificates.Identity authority, String name,
                                             Duration validity, String password)
      throws IOException, GeneralSecurityException {
    Certificates.Identity node = Certificates.issue(authority, name, validity);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(CA_ALIAS, authority.certificate());
    target.write(target.trust(), trust, password);
    target.write(target.node(), keyStore(password, NODE_ALIAS, node.keys(), node.certificate(),
        authority.certificate()), password);
    target.writeText(target.password(), password + "\n");
    return node.certificate();
  }

  private static KeyStore keyStore(String password, String alias, KeyPair keys, X509Certificate... chain)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(alias, keys.getPrivate(), password.toCharArray(), (Certificate[]) chain);
    return store;
  }

  private static String newPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void prepareDir() throws IOException {
    Files.createDirectories(dir);
    restrict(dir, "rwx------");
  }

  private void write(Path file, KeyStore store, String password) throws IOException {
    created(file, NewFiles.create(file, out -> {
      try {
        store.store(out, password.toCharArray());
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot write the key store " + file + ": " + e.getMessage(), e);
      }
    }));
  }

  private void writeText(Path file, String text) throws IOException {
    created(file, NewFiles.create(file, text));
  }

  /** Another process made the file meanwhile: what it wrote stays, and this set of files is not whole. */
  private static void created(Path file, boolean ours) throws FileAlreadyExistsException {
    if (!ours) {
      throw new FileAlreadyExistsException(file.toString(), null, "made by another process meanwhile");
    }
  }

  private static void restrict(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own access rules apply
    }
  }
}
