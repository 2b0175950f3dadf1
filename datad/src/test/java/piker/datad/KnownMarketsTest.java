package piker.datad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import piker.contracts.RemoteError;
import piker.contracts.RemoteException;
import piker.contracts.market.MktPair;
import piker.contracts.names.Fqme;

class KnownMarketsTest {
  private static final Fqme AAA = Fqme.parse("aaausd.spot.fake");
  private final KnownMarkets known = new KnownMarkets();

  private static MktPair details() throws Exception {
    return new FakeDataClient().mktInfo("aaausd.spot").toCompletableFuture().get();
  }

  private static RemoteException error(String type) {
    return RemoteError.of(type, "the venue says so", "fake").toException();
  }

  private static MktPair get(CompletionStage<MktPair> stage) throws Exception {
    return stage.toCompletableFuture().get();
  }

  private static String failure(CompletionStage<MktPair> stage) {
    ExecutionException failed = assertThrows(ExecutionException.class, () -> get(stage));
    return ((RemoteException) failed.getCause()).error().type();
  }

  @Test
  void whileTheVenueCannotAnswerTheLastAnswerIsGivenWhetherItFailsLaterAtOnceOrByThrowing() throws Exception {
    MktPair fresh = details();
    assertSame(fresh, get(known.answer(AAA, () -> CompletableFuture.completedFuture(fresh))));
    assertSame(fresh, get(known.answer(AAA, () -> CompletableFuture.failedFuture(error("VenueDisconnected")))));
    // a backend's stage that failed inside its own chain carries the error wrapped
    assertSame(fresh, get(known.answer(AAA, () -> CompletableFuture.supplyAsync(() -> {
      throw error("VenueTimeout");
    }))));
    assertSame(fresh, get(known.answer(AAA, () -> {
      throw error("RateLimited");
    })));
  }

  @Test
  void aMarketNeverAnsweredOrSaidToBeGoneIsNotAnsweredFromBefore() throws Exception {
    assertEquals("VenueDisconnected",
        failure(known.answer(AAA, () -> CompletableFuture.failedFuture(error("VenueDisconnected")))));
    MktPair fresh = details();
    get(known.answer(AAA, () -> CompletableFuture.completedFuture(fresh)));
    assertEquals("UnknownMarket", failure(known.answer(AAA, () -> CompletableFuture.supplyAsync(() -> {
      throw new CompletionException(error("UnknownMarket"));
    }))));
    assertEquals("VenueDisconnected",
        failure(known.answer(AAA, () -> CompletableFuture.failedFuture(error("VenueDisconnected")))),
        "gone is gone: the last answer went with it");
  }
}
