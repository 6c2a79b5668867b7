package io.jray.internal.serialization;

import com.esotericsoftware.kryo.KryoException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** Turns what Kryo threw into a {@link SerializationException} that says what to do. */
final class FailureMessages {
  static final String SERIALIZE_ADVICE =
      "Make the value serializable (jray needs no no-arg constructor, but threads, sockets, streams,"
          + " locks and class loaders cannot be sent: mark such fields transient, or pass what they"
          + " are made from), or pass something else.";
  static final String CORRUPT = "The bytes are not a value that jray wrote, or they are damaged";

  private static final String TRACE_MARKER = "Serialization trace:";

  private FailureMessages() {}

  static SerializationException cannotSerialize(Object value, Throwable failure) {
    String path = fieldPath(failure);
    RefusedTypeException refused = find(failure, RefusedTypeException.class);
    String problem;
    if (refused != null) {
      problem = (path.isEmpty() ? "it is " : path + " holds ") + refused.what();
    } else {
      Throwable root = rootCause(failure);
      problem = (path.isEmpty() ? "" : path + ": ") + describe(root);
    }
    String type = value == null ? "null" : value.getClass().getName();
    return new SerializationException(
        "Cannot serialize a value of class " + type + ": " + problem + ". " + SERIALIZE_ADVICE, failure);
  }

  static SerializationException cannotDeserialize(Throwable failure) {
    if (failure instanceof OutOfMemoryError) {
      return new SerializationException(CORRUPT + ": reading them asked for more memory than there is.", failure);
    }
    String path = fieldPath(failure);
    Throwable root = rootCause(failure);
    String where = path.isEmpty() ? "" : " (at " + path + ")";
    if (find(failure, ClassNotFoundException.class) != null) {
      return new SerializationException("Cannot deserialize: " + describe(root) + where
          + ". The class must be on the class path of every jray process (driver and workers).", failure);
    }
    return new SerializationException(CORRUPT + ": " + describe(root) + where + ".", failure);
  }

  /**
   * Kryo's field serializers append one "name (declaring class)" line per level to the message
   * of a KryoException on its way out, innermost first. Read it back outermost first.
   */
  static String fieldPath(Throwable failure) {
    KryoException kryo = find(failure, KryoException.class);
    String message = kryo == null ? null : kryo.getMessage();
    int at = message == null ? -1 : message.indexOf(TRACE_MARKER);
    if (at < 0) {
      return "";
    }
    List<String[]> steps = new ArrayList<>();  // {field, declaring class}
    for (String line : message.substring(at + TRACE_MARKER.length()).trim().split("\n")) {
      if (line.startsWith(RecordTrace.MARKER) && !steps.isEmpty()) {
        steps.get(steps.size() - 1)[1] = line.substring(RecordTrace.MARKER.length());
        continue;
      }
      int open = line.lastIndexOf(" (");
      if (open > 0 && line.endsWith(")")) {
        steps.add(new String[] {line.substring(0, open).trim(), line.substring(open + 2, line.length() - 1)});
      }
    }
    Collections.reverse(steps);
    return steps.stream().map(s -> "field '" + s[0] + "' of " + s[1]).collect(Collectors.joining(" -> "));
  }

  private static String describe(Throwable root) {
    String message = root.getMessage();
    if (root instanceof KryoException && message != null && message.contains(TRACE_MARKER)) {
      message = message.substring(0, message.indexOf(TRACE_MARKER)).trim();
    }
    return message == null || message.isEmpty() ? root.getClass().getName() : root.getClass().getSimpleName() + ": " + message;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> kind) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (kind.isInstance(c)) {
        return kind.cast(c);
      }
    }
    return null;
  }
}
