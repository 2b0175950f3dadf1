package piker.pikerd.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The baseline's handler: answers every order at once, or (durable) after one fsync'd append of the
 * order's bytes to a file: the least a durable order path must do.
 */
final class BaselineClearing {
  private BaselineClearing() {}

  static Behavior<OrdersBenchProtocol.BenchOrder> create(Path journal) {
    return Behaviors.setup(ctx -> {
      FileChannel channel = journal == null ? null : FileChannel.open(journal, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      return Behaviors.receive(OrdersBenchProtocol.BenchOrder.class)
          .onMessage(OrdersBenchProtocol.BenchOrder.class, order -> {
            if (channel != null) {
              try {
                channel.write(ByteBuffer.wrap(order.payload()));
                channel.force(false);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            order.replyTo().tell(new OrdersBenchProtocol.BenchAck(order.id()));
            return Behaviors.same();
          })
          .onSignal(org.apache.pekko.actor.typed.PostStop.class, stop -> {
            if (channel != null) {
              channel.close();
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
