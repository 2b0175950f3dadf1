package piker.brokerd.account;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import piker.contracts.RemoteError;
import piker.contracts.names.AccountName;
import piker.contracts.spi.TradeClient;

/**
 * The trader's side of its {@link DeadMansSwitch}: the periodic tick on the actor's timers, the arm calls
 * (their answers come back as {@link AccountTrader.Armed} messages) and the log lines an operator needs.
 */
final class SwitchKeeper {
  private final ActorContext<AccountTrader.Command> ctx;
  private final TimerScheduler<AccountTrader.Command> timers;
  private final AccountName account;
  private final Supplier<TradeClient> client;
  private final DeadMansSwitch core = new DeadMansSwitch();

  SwitchKeeper(ActorContext<AccountTrader.Command> ctx, TimerScheduler<AccountTrader.Command> timers,
               AccountName account, Supplier<TradeClient> client) {
    this.ctx = ctx;
    this.timers = timers;
    this.account = account;
    this.client = client;
  }

  void dialogOpened() {
    follow(core.dialogOpened());
  }

  void disconnected() {
    follow(core.disconnected());
  }

  void reconnected() {
    follow(core.reconnected());
  }

  void tick() {
    follow(core.tick());
  }

  void loggedIn(Optional<Duration> timeout) {
    DeadMansSwitch.Step step = core.loggedIn(timeout);
    if (core.on()) {
      ctx.getLog().info("{}: the venue's dead man's switch is on: it cancels the account's open orders {} s after "
          + "brokerd stops re-arming it (every {} ms while emsd's dialog lives)", account,
          core.timeout().toSeconds(), core.period().toMillis());
    }
    follow(step);
  }

  /** emsd's dialog ended: the switch runs out unless a new dialog resumes it in time. */
  void dialogEnded() {
    DeadMansSwitch.Step step = core.dialogEnded();
    if (step.tick() == DeadMansSwitch.Tick.STOP) {
      ctx.getLog().info("{}: emsd's dialog ended, so the venue's dead man's switch is no longer re-armed: unless a "
          + "new dialog resumes it, the venue cancels the account's open orders within {} s", account,
          core.timeout().toSeconds());
    }
    follow(step);
  }

  private void follow(DeadMansSwitch.Step step) {
    switch (step.tick()) {
      case START -> timers.startTimerWithFixedDelay(AccountTrader.ArmTick.class, new AccountTrader.ArmTick(),
          core.period());
      case STOP -> timers.cancel(AccountTrader.ArmTick.class);
      case KEEP -> { }
    }
    if (step.timedOut()) {
      failed("the venue did not confirm within " + core.period().toMillis() + " ms");
    }
    if (step.arms()) {
      long number = step.arm();
      ctx.pipeToSelf(arm(), (done, error) -> new AccountTrader.Armed(number, error));
    }
  }

  void heard(AccountTrader.Armed armed) {
    switch (core.heard(armed.number(), armed.error() != null)) {
      case FAILED -> failed(RemoteError.of(armed.error(), "brokerd." + account.broker()).describe());
      case ARMED_AGAIN -> ctx.getLog().info("{}: the venue's dead man's switch is armed again", account);
      case ARMED, STALE -> { }
    }
  }

  private CompletionStage<Void> arm() {
    try {
      return client.get().armDeadMansSwitch();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** One failure may be a blip; more in a row mean the venue may cancel every open order soon. */
  private void failed(String why) {
    if (core.failures() < 2) {
      ctx.getLog().warn("{}: could not re-arm the venue's dead man's switch: {}", account, why);
    } else {
      ctx.getLog().error("{}: could not re-arm the venue's dead man's switch {} times in a row ({}): the venue "
          + "cancels the account's open orders {} s after the last arm it took", account, core.failures(), why,
          core.timeout().toSeconds());
    }
  }
}
