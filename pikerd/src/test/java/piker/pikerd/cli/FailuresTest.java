package piker.pikerd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import piker.contracts.RemoteError;
import piker.pikerd.client.NoPikerdException;

/** What a failed command says: words, never a Java class name or an actor path; and its exit code. */
class FailuresTest {
  @Test
  void ourOwnFailuresAreTheirMessage() {
    assertEquals("emsd did not answer within 1 ms",
        Failures.words(new IllegalStateException("emsd did not answer within 1 ms")));
    assertEquals(ExitCodes.FAILED, Failures.exitCode(new IllegalStateException("x")));
    assertEquals(ExitCodes.BAD_INPUT, Failures.exitCode(new BadInputException("x")));
    assertEquals(ExitCodes.NO_PIKERD, Failures.exitCode(new NoPikerdException("x")));
  }

  @Test
  void aWrappedCauseLosesItsClassName() {
    IOException cause = new IOException("disk full");
    assertEquals("disk full", Failures.words(new IllegalStateException(cause)));
    assertEquals("disk full", Failures.words(new IllegalStateException(new ExecutionException(cause))));
  }

  @Test
  void aRemoteJavaExceptionIsItsMessageAfterTheDaemonThatRaisedIt() {
    RemoteError error = RemoteError.of(new IllegalArgumentException("a search pattern has at most 64 characters"),
        "pekko://piker@127.0.0.1:6116/user/services/datad.sim");
    assertEquals("datad.sim: a search pattern has at most 64 characters", Failures.words(error.toException()));
  }

  @Test
  void aSymbolicRemoteErrorKeepsItsKind() {
    RemoteError error = RemoteError.of("UnknownMarket", "no market xyz on sim",
        "pekko://piker/user/services/datad.sim");
    assertEquals("UnknownMarket: no market xyz on sim", Failures.words(error.toException()));
  }

  @Test
  void aRemoteErrorWithoutWordsPointsAtTheLog() {
    RemoteError error = RemoteError.of(new NullPointerException(), "pekko://piker/user/services/emsd");
    assertEquals("emsd failed unexpectedly; pikerd's log says why", Failures.words(error.toException()));
  }

  @Test
  void aBugIsAnInternalErrorToSeeWithDebug() {
    assertEquals(Failures.INTERNAL, Failures.words(new NullPointerException("Cannot invoke \"String.length()\"")));
    assertEquals(Failures.INTERNAL, Failures.words(new IllegalStateException()));
  }

  @Test
  void anAskWithoutAnAnswerIsATimeoutNotAnInternalError() {
    Exception timedOut = new java.util.concurrent.CompletionException(
        new org.apache.pekko.pattern.AskTimeoutException("Ask timed out on [Actor[pekko://piker/user/services]]"));
    String words = Failures.words(timedOut);
    assertEquals(false, words.contains("internal error"), words);
    assertEquals(true, words.startsWith("no answer in time from pikerd or a daemon"), words);
    assertEquals(ExitCodes.FAILED, Failures.exitCode(timedOut));
  }
}
