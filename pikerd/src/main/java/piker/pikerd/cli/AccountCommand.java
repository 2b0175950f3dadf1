package piker.pikerd.cli;

import java.util.List;
import picocli.CommandLine.Option;
import piker.contracts.spi.BackendCatalog;

/** A client command about every account or one ({@code --account}), checked read-only before it is sent. */
abstract class AccountCommand extends ClientCommand {
  @Option(names = "--account", paramLabel = "ACCT", description = "Only this account (<broker>.<label> or paper).")
  String accountText;

  /** The checked account, or null for every account. */
  String account;

  @Override
  void validate() {
    account = accountText == null ? null
        : Accounts.check(accountText, global.configDir(), BackendCatalog.load(getClass().getClassLoader()));
  }

  /** An empty listing in words, the table's whole result (scripts read {@code --json}: an empty array). */
  void sayNone(String what) {
    out().println("no " + what + (account == null ? "" : " in " + account));
  }

  /** The accounts an emsd dialog should watch: empty means every one. */
  List<String> dialogAccounts() {
    return account == null ? List.of() : List.of(account);
  }
}
