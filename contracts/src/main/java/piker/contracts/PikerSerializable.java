package piker.contracts;

/**
 * Marker for every message that may cross a JVM boundary. Bound to Jackson CBOR in this module's
 * reference.conf; Java serialization is off, so a message without this marker cannot leave its JVM.
 */
public interface PikerSerializable {}
