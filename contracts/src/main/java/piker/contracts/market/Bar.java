package piker.contracts.market;

import java.math.BigDecimal;

/**
 * One OHLC bar; {@code time} is the bar's open in epoch seconds, aligned to its period.
 */
public record Bar(long time, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume) {}
