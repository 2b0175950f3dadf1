package piker.pikerd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import piker.pikerd.tls.TlsFiles;

/** {@code piker certs}: a local CA and certificates for remoting's mutual TLS, made with the JDK's own crypto. */
@Command(name = "certs", description = {"Make the certificates remoting's mutual TLS needs beyond loopback:",
    "a local CA and this config dir's certificate (init), then one for each other node or client (issue)."},
    subcommands = {CertsCommand.Init.class, CertsCommand.Issue.class},
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT},
    footer = {HelpText.ENV_CONFIG_DIR, HelpText.EXAMPLES,
        "  piker certs init",
        "  piker certs issue /tmp/laptop-config --name laptop"})
final class CertsCommand extends CommandGroup {
  private static final int DEFAULT_DAYS = 825;

  private static Duration days(int days) {
    if (days < 1 || days > 3650) {
      throw new BadInputException("invalid --days " + days + ": 1..3650");
    }
    return Duration.ofDays(days);
  }

  private static String name(String name, Path dir) {
    String chosen = name != null ? name : dir.toAbsolutePath().normalize().getFileName() == null ? "piker"
        : dir.toAbsolutePath().normalize().getFileName().toString();
    if (chosen.isBlank() || chosen.length() > 64 || !chosen.matches("[A-Za-z0-9._-]+")) {
      throw new BadInputException("invalid --name '" + chosen + "': 1..64 of letters, digits, '.', '_', '-'");
    }
    return chosen;
  }

  /** {@code piker certs init}: a new CA here, and this config dir's own certificate from it. */
  @Command(name = "init", description = {"Make a new local CA in <config-dir>/tls (its key never leaves it) and",
      "this config dir's certificate from it. Refuses when TLS files exist: a new CA would orphan every",
      "certificate the old one issued."},
      exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, "2:bad input, or TLS files exist already"},
      footer = {HelpText.ENV_CONFIG_DIR, HelpText.EXAMPLES, "  piker certs init", "  piker -c /tmp/node1 certs init"})
  static final class Init implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", description = "Shown in the certificates (default: the dir's name).")
    String name;

    @Option(names = "--days", paramLabel = "N", description = "Validity in days (default 825).")
    int days = DEFAULT_DAYS;

    @Override
    public Integer call() {
      Path dir = global.configDir();
      TlsFiles tls = TlsFiles.in(dir);
      try {
        tls.init(name(name, dir), days(days));
      } catch (FileAlreadyExistsException e) {
        throw new BadInputException("TLS files exist already in " + tls.dir() + ": remove the folder to start over"
            + " (every certificate its CA issued stops working)");
      } catch (IOException | GeneralSecurityException e) {
        spec.commandLine().getErr().println("certs: could not write " + tls.dir() + ": " + e.getMessage());
        return ExitCodes.FAILED;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("certs: a new CA and this node's certificate in " + tls.dir() + "; pikerd and clients with this"
          + " config dir now use TLS (a pikerd running already serves plain TCP until restarted, and this dir's"
          + " clients cannot reach it meanwhile). Issue one for every other node or client: piker certs issue DIR -c "
          + dir);
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code piker certs issue DIR}: a certificate from this config dir's CA, into another config dir. */
  @Command(name = "issue", description = {"Issue a certificate from this config dir's CA into DIR/tls, for another",
      "node or a client: copy DIR/tls (node.p12, trust.p12, password) into that machine's config dir."},
      exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED,
          "2:bad input: no CA here (run certs init), or DIR has TLS files already"},
      footer = {HelpText.ENV_CONFIG_DIR, HelpText.EXAMPLES, "  piker certs issue /tmp/laptop --name laptop"})
  static final class Issue implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The other node's or client's config dir.")
    Path target;

    @Option(names = "--name", paramLabel = "NAME", description = "Shown in the certificate (default: DIR's name).")
    String name;

    @Option(names = "--days", paramLabel = "N", description = "Validity in days (default 825).")
    int days = DEFAULT_DAYS;

    @Override
    public Integer call() {
      TlsFiles ours = TlsFiles.in(global.configDir());
      TlsFiles theirs = TlsFiles.in(target);
      if (!java.nio.file.Files.exists(ours.authority())) {
        throw new BadInputException("no CA in " + ours.dir() + ": run `piker certs init -c " + global.configDir()
            + "` first");
      }
      X509Certificate issued;
      try {
        issued = ours.issueTo(theirs, name(name, target), days(days));
      } catch (FileAlreadyExistsException e) {
        throw new BadInputException("TLS files exist already in " + theirs.dir() + ": remove them to issue anew");
      } catch (IOException | GeneralSecurityException e) {
        spec.commandLine().getErr().println("certs: could not issue into " + theirs.dir() + ": " + e.getMessage());
        return ExitCodes.FAILED;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("certs: issued into " + theirs.dir() + ", valid until " + issued.getNotAfter().toInstant()
          + "; copy node.p12, trust.p12 and password into the tls folder of that machine's config dir (keep them"
          + " 0600)");
      out.flush();
      return ExitCodes.OK;
    }
  }
}
