package piker.contracts.samplerd;

import java.util.List;
import piker.contracts.Payload;

/** Payloads of samplerd's {@code open_sample_stream} session. */
public final class SamplerProtocol {
  /** The periods samplerd steps, in seconds. */
  public static final List<Integer> PERIODS = List.of(1, 60);

  private SamplerProtocol() {}

  /** Session parameters: the periods to receive; empty means all. */
  public record Subscribe(List<Integer> periods) implements Payload {
    public Subscribe {
      periods = periods == null ? List.of() : List.copyOf(periods);
    }
  }

  /** The session's first value: what it will receive and the newest boundary stepped so far (0: none). */
  public record Info(List<Integer> periods, long lastStep) implements Payload {
    public Info {
      periods = periods == null ? List.of() : List.copyOf(periods);
    }
  }

  /** A period boundary was reached: {@code time} (epoch seconds) opens the next bar of {@code period}. */
  public record Step(int period, long time) implements Payload {}
}
