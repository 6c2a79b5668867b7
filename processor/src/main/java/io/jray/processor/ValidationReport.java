package io.jray.processor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic.Kind;

/**
 * What validation found for one class: every problem, not just the first, and the methods whose
 * signatures still hold types that no processor has generated yet. Nothing is printed until
 * {@link #printTo}, so that a class deferred to a later round does not report twice.
 */
final class ValidationReport {
  private record Item(
      Kind kind, String message, Element element, AnnotationMirror annotation,
      AnnotationValue value) {}

  private final List<Item> items = new ArrayList<>();
  private final Set<ExecutableElement> unresolved = new LinkedHashSet<>();

  void error(String message, Element element) {
    items.add(new Item(Kind.ERROR, message, element, null, null));
  }

  void error(String message, Element element, AnnotationMirror annotation,
      AnnotationValue value) {
    items.add(new Item(Kind.ERROR, message, element, annotation, value));
  }

  void warning(String message, Element element) {
    items.add(new Item(Kind.WARNING, message, element, null, null));
  }

  /** Marks a method whose signature names a type that does not exist yet. */
  void unresolved(ExecutableElement method) {
    unresolved.add(method);
  }

  void addAll(ValidationReport other) {
    items.addAll(other.items);
    unresolved.addAll(other.unresolved);
  }

  boolean hasErrors() {
    return items.stream().anyMatch(item -> item.kind() == Kind.ERROR);
  }

  boolean hasUnresolvedTypes() {
    return !unresolved.isEmpty();
  }

  /** Prints the problems found; returns whether any was an error. */
  boolean printTo(Messager messager) {
    for (Item item : items) {
      if (item.value() != null) {
        messager.printMessage(
            item.kind(), item.message(), item.element(), item.annotation(), item.value());
      } else {
        messager.printMessage(item.kind(), item.message(), item.element());
      }
    }
    return hasErrors();
  }

  /** Reports the methods whose types never appeared (only in the last round). */
  void printUnresolvedTo(Messager messager) {
    for (ExecutableElement method : unresolved) {
      messager.printMessage(Kind.ERROR, Messages.UNRESOLVED_TYPE, method);
    }
  }
}
