package piker.pikerd.bench;

import org.apache.pekko.actor.typed.ActorRef;
import piker.contracts.PikerSerializable;

/** The orders benchmark's baseline: a plain ask of the size of our order, answered by one actor. */
final class OrdersBenchProtocol {
  private OrdersBenchProtocol() {}

  record BenchOrder(long id, byte[] payload, ActorRef<BenchAck> replyTo) implements PikerSerializable {}

  record BenchAck(long id) implements PikerSerializable {}
}
