package piker.contracts;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;

/**
 * Type ids for {@link Payload}: the class name, accepted on the way in only when it names a class in
 * our own packages that implements Payload. The class is looked up without being initialised, so a
 * hostile id can neither run static initialisers nor instantiate anything outside the allow-list.
 */
public final class PayloadTypeIdResolver extends TypeIdResolverBase {
  private static final String ALLOWED_PREFIX = "piker.";

  @Override
  public String idFromValue(Object value) {
    return value.getClass().getName();
  }

  @Override
  public String idFromValueAndType(Object value, Class<?> suggestedType) {
    return value != null ? idFromValue(value) : suggestedType.getName();
  }

  @Override
  public JavaType typeFromId(DatabindContext context, String id) {
    if (id == null || !id.startsWith(ALLOWED_PREFIX)) {
      throw new IllegalArgumentException("payload type '" + id + "' is not allowed");
    }
    Class<?> cls;
    try {
      cls = Class.forName(id, false, Payload.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unknown payload type '" + id + "'");
    }
    if (!Payload.class.isAssignableFrom(cls) || cls.isInterface()) {
      throw new IllegalArgumentException("'" + id + "' is not a payload");
    }
    return context.constructType(cls);
  }

  @Override
  public JsonTypeInfo.Id getMechanism() {
    return JsonTypeInfo.Id.CUSTOM;
  }
}
