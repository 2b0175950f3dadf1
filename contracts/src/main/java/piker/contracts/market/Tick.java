package piker.contracts.market;

import java.math.BigDecimal;

/**
 * One market event inside a quote.
 *
 * @param type  {@code trade}, {@code bid}, {@code bsize}, {@code ask} or {@code asize}
 * @param price exact price
 * @param size  exact size
 */
public record Tick(String type, BigDecimal price, BigDecimal size) {}
