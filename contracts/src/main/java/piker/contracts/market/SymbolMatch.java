package piker.contracts.market;

import piker.contracts.names.Fqme;

/** One symbol-search hit; a higher score ranks first. */
public record SymbolMatch(Fqme fqme, String broker, int score) {}
