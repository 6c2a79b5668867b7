package io.jray.processor;

import io.jray.annotations.Remote;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Reads {@code @Remote} from elements, by name, so it never needs the annotation's class. */
final class RemoteAnnotation {
  static final String NAME = Remote.class.getCanonicalName();

  private RemoteAnnotation() {}

  static Optional<AnnotationMirror> find(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(NAME)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /** The value of {@code name}, written or default; report problems on it. */
  static AnnotationValue value(Elements elements, AnnotationMirror remote, String name) {
    Map<? extends ExecutableElement, ? extends AnnotationValue> values =
        elements.getElementValuesWithDefaults(remote);
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
        : values.entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    throw new IllegalStateException("@Remote has no " + name + ": " + values);
  }

  /** The value of {@code name} if the user wrote it, else null. */
  static AnnotationValue explicitValue(AnnotationMirror remote, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
        : remote.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  static int intValue(Elements elements, AnnotationMirror remote, String name) {
    return (Integer) value(elements, remote, name).getValue();
  }

  static boolean booleanValue(Elements elements, AnnotationMirror remote, String name) {
    return (Boolean) value(elements, remote, name).getValue();
  }
}
