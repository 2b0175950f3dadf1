import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.netbeans.lib.profiler.heap.Heap;
import org.netbeans.lib.profiler.heap.HeapFactory;
import org.netbeans.lib.profiler.heap.Instance;
import org.netbeans.lib.profiler.heap.PrimitiveArrayInstance;

/**
 * The actors of a heap dump with the most watchers, to find death watches that outlive their watchers
 * (docs/operations.md, "The soak"). Reads Pekko's ActorCell as Pekko 1.7 lays it out; run with gridkit's HPROF
 * parser (Maven Central, org.gridkit.jvmtool:hprof-heap:0.16) on the class path:
 * {@code java -cp hprof-heap-0.16.jar docs/scripts/HeapWatchers.java DUMP.hprof [COUNT]}.
 */
public class HeapWatchers {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: HeapWatchers DUMP.hprof [COUNT]");
      System.exit(2);
    }
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Heap heap = HeapFactory.createHeap(new File(args[0]));
    List<String> rows = new ArrayList<>();
    int cells = 0;
    for (Instance cell : heap.getJavaClassByName("org.apache.pekko.actor.ActorCell").getInstances()) {
      cells++;
      Object watchers = cell.getValueOfField("org$apache$pekko$actor$dungeon$DeathWatch$$watchedBy");
      if (watchers instanceof Instance set) {
        rows.add(String.format("%7d %s", size(set), path((Instance) cell.getValueOfField("self"))));
      }
    }
    rows.sort(java.util.Comparator.reverseOrder());
    System.out.println("watchers actor (of " + cells + " actors)");
    rows.stream().limit(count).forEach(System.out::println);
  }

  /** A Scala immutable set: Set1 to Set4 by class, a HashSet by its root node's count. */
  private static int size(Instance set) {
    String name = set.getJavaClass().getName();
    if (name.endsWith("HashSet")) {
      return (Integer) ((Instance) set.getValueOfField("rootNode")).getValueOfField("size");
    }
    return name.matches(".*\\$Set[1-4]") ? name.charAt(name.length() - 1) - '0' : 0;
  }

  private static String path(Instance ref) {
    if (ref == null) {
      return "?";
    }
    StringBuilder path = new StringBuilder();
    for (Instance element = (Instance) ref.getValueOfField("path"); element != null
        && element.getValueOfField("name") != null; element = (Instance) element.getValueOfField("parent")) {
      String name = text((Instance) element.getValueOfField("name"));
      if (!name.equals("/")) { // the root's
        path.insert(0, "/" + name);
      }
    }
    return path.toString();
  }

  /** A compact (Latin-1) string's bytes; others as the parser lists them. */
  private static String text(Instance string) {
    if (!(string.getValueOfField("value") instanceof PrimitiveArrayInstance bytes)) {
      return "?";
    }
    StringBuilder text = new StringBuilder();
    for (Object value : bytes.getValues()) {
      String item = String.valueOf(value);
      try {
        text.append((char) (Integer.parseInt(item) & 0xff));
      } catch (NumberFormatException e) {
        text.append(item);
      }
    }
    return text.toString();
  }
}
