package piker.contracts;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;

/**
 * The body of a daemon call or session message. Envelopes ({@code Call}, {@code OpenSession},
 * session messages) carry a Payload field, so the concrete type travels with it; the type id is
 * checked by {@link PayloadTypeIdResolver} against an allow-list (our packages, Payload subtypes).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = "@type")
@JsonTypeIdResolver(PayloadTypeIdResolver.class)
public interface Payload extends PikerSerializable {

  /** No content: a session that has nothing to say at start, an acknowledgement. */
  record Empty() implements Payload {}

  /** Free text: notices and diagnostics. */
  record Text(String text) implements Payload {}
}
