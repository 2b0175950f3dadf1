package piker.pikerd.cli;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import piker.contracts.clearing.ClearingProtocol;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.client.NoPikerdException;
import piker.pikerd.client.PikerClient;
import piker.pikerd.config.ConfigDir;
import piker.pikerd.ledger.AdHocLedger;
import piker.pikerd.runtime.InstanceLock;
import piker.pikerd.runtime.Logging;

/**
 * {@code piker ledger BROKER.LABEL}: loads an account's trade ledger and prints its positions,
 * through emsd when a pikerd runs, else through an ad-hoc actor system with only paperboi.
 */
@Command(name = "ledger", description = "Load an account's trade ledger and print its positions (pikerd optional).",
    exitCodeList = {HelpText.EXIT_OK, "1:the ledger cannot be read (named), a live account has no api key",
        HelpText.EXIT_BAD_INPUT, "3:a pikerd holds the config dir but does not answer (a wrong --registry?)"},
    footer = {HelpText.ENV_CLIENT, HelpText.ENV_BROKER_FIELDS, HelpText.EXAMPLES,
        "  piker ledger sim.paper",
        "  piker ledger sim.main --json"})
final class LedgerCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "BROKER.LABEL", description = "The account, e.g. sim.paper.")
  String accountText;

  private final Json json = new Json();

  @Override
  public Integer call() {
    BackendCatalog backends = BackendCatalog.load(LedgerCommand.class.getClassLoader());
    String account = Accounts.check(accountText, global.configDir(), backends);
    if (account.equals("paper")) {
      throw new BadInputException("name the broker: e.g. " + backends.all().keySet().iterator().next() + ".paper");
    }
    Level level = global.logLevel(Level.WARN);
    Logging.configure(level, Optional.empty());
    try {
      ClearingProtocol.LedgerReply reply = load(account, level);
      print(reply);
      return ExitCodes.OK;
    } finally {
      Logging.stop();
    }
  }

  private ClearingProtocol.LedgerReply load(String account, Level level) {
    PikerClient client;
    try {
      client = PikerClient.connect(global.configDir(), global.registry(false), Logging.pekkoLevel(level),
          ClientCommand.connectTimeout(), ClientCommand.notices(spec, global));
    } catch (NoPikerdException none) {
      return adHocUnlessPikerdRuns(account, none);
    }
    try (client) {
      var emsd = client.maybeSpawn(ServiceName.of(DaemonKind.EMSD));
      return (ClearingProtocol.LedgerReply) client.call(emsd, Endpoint.LOAD_LEDGER.wireName(),
          new ClearingProtocol.LedgerRequest(account));
    }
  }

  /**
   * The ad-hoc path writes the ledger's folder (it repairs a torn tail), so it takes pikerd's own
   * instance lock, briefly: a pikerd that runs but did not answer keeps its files to itself, another
   * {@code piker ledger} is waited for, and so is this one by a pikerd starting meanwhile.
   */
  private ClearingProtocol.LedgerReply adHocUnlessPikerdRuns(String account, NoPikerdException none) {
    Path dir = global.configDir();
    ConfigDir.ensure(dir);
    Optional<InstanceLock> lock;
    try {
      lock = InstanceLock.acquire(dir, InstanceLock.BRIEF_HOLD_PATIENCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + dir.resolve("pikerd.lock"), e);
    }
    if (lock.isEmpty() && InstanceLock.heldBriefly(dir)) {
      throw new NoPikerdException("another command (" + InstanceLock.holder(dir) + ") held " + dir + " for over "
          + InstanceLock.BRIEF_HOLD_PATIENCE.toSeconds() + " s; try again when it is done");
    }
    if (lock.isEmpty()) {
      throw new NoPikerdException("a pikerd (" + InstanceLock.holder(dir) + ") holds " + dir + " but did not answer ("
          + none.getMessage() + "); its ledgers are not opened beside it");
    }
    try (InstanceLock held = lock.get()) {
      held.describeBrief("piker ledger, pid " + ProcessHandle.current().pid());
      return adHoc(account);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ClearingProtocol.LedgerReply adHoc(String account) {
    Path dir = global.configDir();
    ConfigDir.ensureCookie(dir);
    String testDir = System.getenv("PIKER_TEST_DIR");
    RuntimeSettings settings = new RuntimeSettings(dir, "warn",
        testDir == null || testDir.isBlank() ? Optional.empty() : Optional.of(Path.of(testDir).toAbsolutePath()));
    return AdHocLedger.load(settings, account);
  }

  private void print(ClearingProtocol.LedgerReply reply) {
    var out = spec.commandLine().getOut();
    if (global.json()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("account", reply.account());
      view.put("ledger", reply.ledgerPath());
      List<Map<String, Object>> positions = reply.positions().stream().map(position -> {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("fqme", position.fqme().toString());
        p.put("size", position.size());
        p.put("avg_price", position.avgPrice());
        p.put("break_even", position.breakEven());
        return p;
      }).toList();
      view.put("positions", positions);
      out.println(json.write(view));
    } else {
      out.println("account " + reply.account() + "  ledger " + reply.ledgerPath());
      reply.positions().forEach(position -> out.println(OrderViews.positionText(EmsProtocol.Position.of(position))));
    }
    out.flush();
  }
}
