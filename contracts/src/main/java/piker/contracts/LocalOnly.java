package piker.contracts;

import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/**
 * Marker for messages that must never cross a JVM boundary: an actor's internal messages and the
 * local capabilities (e.g. asking the service manager to stop a daemon). They have no serializer
 * binding, so a remote peer cannot send them at all.
 */
public interface LocalOnly extends NoSerializationVerificationNeeded {}
