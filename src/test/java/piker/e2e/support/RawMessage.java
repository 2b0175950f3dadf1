package piker.e2e.support;

/** Bytes sent as they are, under a manifest of the sender's choosing (see {@link RawSerializer}). */
public record RawMessage(String manifest, byte[] bytes) {}
