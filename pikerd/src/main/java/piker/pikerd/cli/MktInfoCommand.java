package piker.pikerd.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import piker.contracts.RemoteException;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.MktPair;
import piker.contracts.names.Fqme;
import piker.contracts.names.ServiceName;
import piker.contracts.spi.BackendCatalog;
import piker.pikerd.client.PikerClient;

/** {@code piker mkt-info FQME}: the market's details from its datad. */
@Command(name = "mkt-info", description = "Show a market's details (ticks, fee, assets).",
    exitCodeList = {HelpText.EXIT_OK, HelpText.EXIT_FAILED, HelpText.EXIT_BAD_INPUT, HelpText.EXIT_NO_PIKERD},
    footer = {HelpText.ENV_CLIENT, HelpText.EXAMPLES,
        "  piker mkt-info btcusdt.spot.sim",
        "  piker mkt-info mnq.cme.20261218.sim --json"})
final class MktInfoCommand extends ClientCommand {
  @Parameters(paramLabel = "FQME", description = "The market, e.g. btcusdt.spot.sim.")
  String fqmeText;

  private Fqme fqme;

  @Override
  void validate() {
    fqme = Inputs.fqme(fqmeText, BackendCatalog.load(MktInfoCommand.class.getClassLoader()));
  }

  @Override
  int run(PikerClient client) {
    MktPair mkt = lookup(client, fqme);
    if (global.json()) {
      out().println(json.write(Views.mktInfo(mkt)));
    } else {
      Views.mktInfoText(mkt).forEach(out()::println);
    }
    out().flush();
    return ExitCodes.OK;
  }

  /**
   * The venue's own spelling of the market, which every daemon keys it by: a venue that accepts another
   * spelling where a user types one (Kraken's legacy {@code xbtusd} for {@code btcusd}) answers its market
   * info under the canonical fqme, and the command goes on with that.
   */
  static Fqme canonical(PikerClient client, Fqme fqme) {
    return lookup(client, fqme).fqme();
  }

  /** Asks the market's datad; an unknown market is bad input. */
  static MktPair lookup(PikerClient client, Fqme fqme) {
    try {
      var datad = client.maybeSpawn(ServiceName.of(DaemonKind.DATAD, fqme.broker()));
      return ((DatadProtocol.MktInfoReply) client.call(datad, Endpoint.GET_MKT_INFO.wireName(),
          new DatadProtocol.MktInfoRequest(fqme))).mkt();
    } catch (RemoteException e) {
      throw Inputs.unknownMarket(e, fqme);
    }
  }
}
