package piker.pikerd.bench;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import piker.contracts.RemoteError;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.market.Bar;
import piker.contracts.market.MktPair;
import piker.contracts.market.Quote;
import piker.contracts.market.SymbolMatch;
import piker.contracts.spi.Backend;
import piker.contracts.spi.BackendContext;
import piker.contracts.spi.DataClient;
import piker.contracts.spi.SettingsSchema;

/**
 * A real backend as datad sees it, counting the live quotes its data client hands datad: how many the
 * backend parsed off its wire, next to how many reached the subscriber. It offers datad live quotes and
 * market info only, as the generator does: the feed path is measured without backfill and recent bars
 * (whose klines a firehose's trades are not in).
 */
final class CountingBackend implements Backend {
  private final Backend backend;
  final AtomicLong quotes = new AtomicLong();

  CountingBackend(Backend backend) {
    this.backend = backend;
  }

  @Override
  public String name() {
    return backend.name();
  }

  @Override
  public Set<Endpoint> endpoints() {
    Set<Endpoint> offered = EnumSet.of(Endpoint.STREAM_QUOTES, Endpoint.GET_MKT_INFO);
    offered.retainAll(backend.endpoints());
    return offered;
  }

  @Override
  public SettingsSchema settingsSchema() {
    return backend.settingsSchema();
  }

  @Override
  public CompletionStage<DataClient> openDataClient(BackendContext context) {
    return backend.openDataClient(context).thenApply(Counted::new);
  }

  private final class Counted implements DataClient {
    private final DataClient client;

    Counted(DataClient client) {
      this.client = client;
    }

    @Override
    public CompletionStage<MktPair> mktInfo(String bsFqme) {
      return client.mktInfo(bsFqme);
    }

    @Override
    public CompletionStage<List<SymbolMatch>> search(String pattern, int limit) {
      return client.search(pattern, limit);
    }

    @Override
    public QuoteSubscription subscribe(Set<String> bsFqmes, QuoteListener listener) {
      return client.subscribe(bsFqmes, new QuoteListener() {
        @Override
        public void onQuotes(List<Quote> batch) {
          quotes.addAndGet(batch.size());
          listener.onQuotes(batch);
        }

        @Override
        public void onError(RemoteError error) {
          listener.onError(error);
        }

        @Override
        public void onGap(String bsFqme, long lastBeforeNs, long firstAfterNs) {
          listener.onGap(bsFqme, lastBeforeNs, firstAfterNs);
        }
      });
    }

    @Override
    public CompletionStage<List<Bar>> bars(String bsFqme, int periodSeconds, long endTime, int count) {
      return client.bars(bsFqme, periodSeconds, endTime, count);
    }

    @Override
    public CompletionStage<Optional<RecentBars>> recentBars(String bsFqme, int periodSeconds, long since) {
      return client.recentBars(bsFqme, periodSeconds, since);
    }

    @Override
    public int historyFrame() {
      return client.historyFrame();
    }

    @Override
    public int historyRequestsPerSecond() {
      return client.historyRequestsPerSecond();
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
