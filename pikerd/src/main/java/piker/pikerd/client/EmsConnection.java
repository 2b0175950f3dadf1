package piker.pikerd.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import piker.contracts.RemoteError;
import piker.contracts.daemon.Session;
import piker.contracts.ems.EmsProtocol;
import piker.contracts.endpoints.DaemonKind;
import piker.contracts.endpoints.Endpoint;
import piker.contracts.names.ServiceName;
import piker.pikerd.runtime.DurationWords;

/**
 * A client's dialog with emsd for some accounts: the accounts' positions and active orders at start,
 * then every status and position of those accounts; commands go the other way. Closing it cancels
 * nothing but the dialog.
 */
public final class EmsConnection implements AutoCloseable {
  private final ClientSession session;
  private final EmsProtocol.DialogStarted started;
  private final CompletableFuture<RemoteError> ended;

  private EmsConnection(ClientSession session, EmsProtocol.DialogStarted started, CompletableFuture<RemoteError> ended) {
    this.session = session;
    this.started = started;
    this.ended = ended;
  }

  /** Opens the dialog (starting emsd if needed) and waits for its first value. */
  public static EmsConnection open(PikerClient client, List<String> accounts, Consumer<EmsProtocol.Event> listener,
                                   Duration timeout) {
    var emsd = client.maybeSpawn(ServiceName.of(DaemonKind.EMSD));
    CompletableFuture<RemoteError> ended = new CompletableFuture<>();
    ClientSession session = client.openSession(emsd, Endpoint.OPEN_EMS_DIALOG.wireName(),
        new EmsProtocol.DialogParams(accounts), event -> {
          if (event instanceof Session.Message message && message.body() instanceof EmsProtocol.Event body) {
            listener.accept(body);
          } else if (event instanceof Session.Message message && message.body() instanceof EmsProtocol.Batch batch) {
            batch.events().forEach(listener);
          } else if (event instanceof Session.Ended end) {
            ended.complete(end.error());
          } else if (event instanceof Session.Refused refused) {
            ended.complete(refused.error());
          }
        });
    try {
      Session.Started live = session.started().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new EmsConnection(session, (EmsProtocol.DialogStarted) live.first(), ended);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime
          : new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      session.cancel();
      throw new NoAnswer(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening the emsd dialog", e);
    }
  }

  /** emsd did not open the dialog in time: nothing was sent to it. */
  public static final class NoAnswer extends IllegalStateException {
    NoAnswer(Duration timeout) {
      super("emsd did not answer within " + DurationWords.of(timeout) + ", so nothing was sent to it");
    }
  }

  public EmsProtocol.DialogStarted started() {
    return started;
  }

  public void send(EmsProtocol.Command command) {
    session.send(command);
  }

  /** Completes when the dialog ends: with the error, or null when it ended cleanly. */
  public CompletableFuture<RemoteError> ended() {
    return ended;
  }

  @Override
  public void close() {
    session.cancel();
  }
}
