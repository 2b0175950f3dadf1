import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import piker.contracts.daemon.Session;
import piker.contracts.datad.DatadProtocol;
import piker.contracts.market.Quote;

/**
 * Bytes allocated per quote by the parts of the feed path that scale with quotes, on one thread, independent of
 * the machine's load (HotSpot's per-thread counter): the generator's quote, and the wire form of the batch datad
 * sends a remote subscriber (512 quotes per message, as `bench feed --remote` batches them), written in the datad
 * JVM and read in the subscriber's, as Artery does (into and out of a direct buffer; a serializer without a
 * ByteBuffer path costs its byte array). Issue 18's before/after figures.
 *
 * <pre>java -cp "pikerd/target/pikerd.jar:pikerd/target/lib/*" docs/scripts/QuoteAlloc.java</pre>
 */
public class QuoteAlloc {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int BATCH = 512;
  private static final int BATCHES = 2_000;

  public static void main(String[] args) throws Exception {
    Class<?> generator = Class.forName("piker.pikerd.bench.GeneratorBackend");
    Method quote = generator.getDeclaredMethod("quote");
    quote.setAccessible(true);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "alloc");
    try {
      Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
      List<Quote> quotes = new ArrayList<>(BATCH);
      Object sink = null;
      ByteBuffer envelope = ByteBuffer.allocateDirect(1 << 20);
      long[] made = new long[3];
      long wireBytes = 0;
      for (int round = 0; round < 2; round++) { // the first round warms up
        made[0] = made[1] = made[2] = 0;
        wireBytes = 0;
        for (int b = 0; b < BATCHES; b++) {
          quotes.clear();
          long start = THREADS.getCurrentThreadAllocatedBytes();
          for (int i = 0; i < BATCH; i++) {
            quotes.add((Quote) quote.invoke(null));
          }
          long built = THREADS.getCurrentThreadAllocatedBytes();
          Session.Message message = new Session.Message("s-1", new DatadProtocol.QuoteBatch(b, quotes));
          // as Artery does: straight into its (direct) buffer when the serializer can, else bytes copied in
          var serializer = serialization.findSerializerFor(message);
          String manifest = Serializers.manifestFor(serializer, message);
          envelope.clear();
          if (serializer instanceof ByteBufferSerializer direct) {
            direct.toBinary(message, envelope);
          } else {
            envelope.put(serializer.toBinary(message));
          }
          long written = THREADS.getCurrentThreadAllocatedBytes();
          int length = envelope.position();
          envelope.flip();
          sink = serialization.deserializeByteBuffer(envelope, serializer.identifier(), manifest);
          long read = THREADS.getCurrentThreadAllocatedBytes();
          made[0] += built - start;
          made[1] += written - built;
          made[2] += read - written;
          wireBytes += length;
        }
      }
      double n = (double) BATCH * BATCHES;
      System.out.printf("{\"build_b_per_quote\":%.0f,\"write_b_per_quote\":%.0f,\"read_b_per_quote\":%.0f,"
          + "\"wire_bytes_per_quote\":%.1f,\"check\":%d}%n", made[0] / n, made[1] / n, made[2] / n, wireBytes / n,
          sink.hashCode() & 1);
    } finally {
      system.terminate();
    }
  }
}
