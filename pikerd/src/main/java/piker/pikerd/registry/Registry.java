package piker.pikerd.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import piker.contracts.LocalOnly;
import piker.contracts.RemoteError;
import piker.contracts.daemon.HelloGate;
import piker.contracts.daemon.DaemonKeys;
import piker.contracts.daemon.DaemonProtocol;
import piker.contracts.daemon.Hello;
import piker.contracts.daemon.RuntimeSettings;
import piker.contracts.pikerd.RegistryProtocol;
import piker.contracts.pikerd.RegistryProtocol.Command;
import piker.contracts.pikerd.RegistryProtocol.Found;

/**
 * The registry: a view of the Receptionist's listing of discoverable daemons, keyed by name. A
 * daemon appears once it has registered (right before it reports Started) and disappears when it
 * stops, because the Receptionist drops terminated actors.
 */
public final class Registry extends AbstractBehavior<Command> {
  private static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private record ListingChanged(Receptionist.Listing listing) implements Command, LocalOnly {}

  private record WaitExpired(long waiter) implements Command, LocalOnly {}

  private record Waiter(String name, Duration timeout, ActorRef<RegistryProtocol.Reply> replyTo) {}

  private final HelloGate gate;
  private Map<String, ActorRef<DaemonProtocol.Command>> byName = Map.of();
  private final Map<Long, Waiter> waiters = new HashMap<>();
  private long waiterSeq;

  public static Behavior<Command> create(RuntimeSettings settings) {
    return Behaviors.setup(ctx -> new Registry(ctx, settings));
  }

  private Registry(ActorContext<Command> ctx, RuntimeSettings settings) {
    super(ctx);
    this.gate = new HelloGate(settings);
    ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, ListingChanged::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(DaemonKeys.ALL, adapter));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RegistryProtocol.Find.class, this::onFind)
        .onMessage(RegistryProtocol.WaitFor.class, this::onWaitFor)
        .onMessage(RegistryProtocol.ListDaemons.class, this::onList)
        .onMessage(ListingChanged.class, this::onListingChanged)
        .onMessage(WaitExpired.class, this::onWaitExpired)
        .build();
  }

  private Behavior<Command> onFind(RegistryProtocol.Find find) {
    if (find.replyTo() != null && admitted(find.hello(), find.replyTo())) {
      find.replyTo().tell(new Found(String.valueOf(find.name()), byName.get(find.name())));
    }
    return this;
  }

  private Behavior<Command> onWaitFor(RegistryProtocol.WaitFor wait) {
    if (wait.replyTo() == null || !admitted(wait.hello(), wait.replyTo())) {
      return this;
    }
    Duration timeout = wait.timeout();
    if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_WAIT) > 0) {
      wait.replyTo().tell(new RegistryProtocol.Failed(RemoteError.of("InvalidRequest",
          "wait-for timeout must be positive and at most " + MAX_WAIT + ", got " + timeout, source())));
      return this;
    }
    ActorRef<DaemonProtocol.Command> ref = byName.get(wait.name());
    if (ref != null) {
      wait.replyTo().tell(new Found(wait.name(), ref));
      return this;
    }
    long id = ++waiterSeq;
    waiters.put(id, new Waiter(String.valueOf(wait.name()), timeout, wait.replyTo()));
    getContext().scheduleOnce(timeout, getContext().getSelf(), new WaitExpired(id));
    return this;
  }

  private Behavior<Command> onList(RegistryProtocol.ListDaemons list) {
    if (list.replyTo() != null && admitted(list.hello(), list.replyTo())) {
      List<Found> daemons = new ArrayList<>();
      new TreeMap<>(byName).forEach((name, ref) -> daemons.add(new Found(name, ref)));
      list.replyTo().tell(new RegistryProtocol.Listing(daemons));
    }
    return this;
  }

  private Behavior<Command> onListingChanged(ListingChanged changed) {
    Map<String, ActorRef<DaemonProtocol.Command>> names = new HashMap<>();
    for (ActorRef<DaemonProtocol.Command> ref : changed.listing().getServiceInstances(DaemonKeys.ALL)) {
      names.put(ref.path().name(), ref);
    }
    byName = Map.copyOf(names);
    Iterator<Waiter> pending = waiters.values().iterator();
    while (pending.hasNext()) {
      Waiter waiter = pending.next();
      ActorRef<DaemonProtocol.Command> ref = byName.get(waiter.name());
      if (ref != null) {
        waiter.replyTo().tell(new Found(waiter.name(), ref));
        pending.remove();
      }
    }
    return this;
  }

  private Behavior<Command> onWaitExpired(WaitExpired expired) {
    Waiter waiter = waiters.remove(expired.waiter());
    if (waiter != null) {
      waiter.replyTo().tell(new RegistryProtocol.Failed(RemoteError.of("Timeout",
          "no daemon named '" + waiter.name() + "' came up within " + waiter.timeout(), source())));
    }
    return this;
  }

  private boolean admitted(Hello hello, ActorRef<RegistryProtocol.Reply> replyTo) {
    RemoteError refused = gate.check(hello, source()).orElse(null);
    if (refused != null) {
      replyTo.tell(new RegistryProtocol.Failed(refused));
      return false;
    }
    return true;
  }

  private String source() {
    return getContext().getSelf().path().toString();
  }
}
