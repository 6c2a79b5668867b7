package io.jray.processor;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * What validation found for one class: every problem, not just the first, and the elements whose
 * signatures still hold types that no processor has generated yet. Nothing is printed until
 * {@link #printTo}, so that a class deferred to a later round does not report twice.
 */
final class ValidationReport {
  private record Item(
      Kind kind, String message, Element element, AnnotationMirror annotation,
      AnnotationValue value) {}

  /**
   * Where to report a problem with a member of a class: on the member if the class declares it;
   * on the class, naming the member, if the member is inherited (its source may not be at hand).
   */
  record Site(Element element, String suffix) {
    static Site of(Element element) {
      return new Site(element, "");
    }

    static Site of(TypeElement type, Element member) {
      if (member.getEnclosingElement().equals(type)) {
        return of(member);
      }
      return new Site(type, " (Inherited: " + describe(member) + ".)");
    }

    String message(String message) {
      return message + suffix;
    }
  }

  private final List<Item> items = new ArrayList<>();
  private final List<Item> unresolved = new ArrayList<>();

  void error(String message, Element element) {
    error(message, Site.of(element));
  }

  void error(String message, Site site) {
    items.add(new Item(Kind.ERROR, site.message(message), site.element(), null, null));
  }

  void error(String message, Element element, AnnotationMirror annotation,
      AnnotationValue value) {
    items.add(new Item(Kind.ERROR, message, element, annotation, value));
  }

  void warning(String message, Element element) {
    warning(message, Site.of(element));
  }

  void warning(String message, Site site) {
    items.add(new Item(Kind.WARNING, site.message(message), site.element(), null, null));
  }

  void warning(String message, Element element, AnnotationMirror annotation,
      AnnotationValue value) {
    items.add(new Item(Kind.WARNING, message, element, annotation, value));
  }

  /** Marks an element whose signature names a type that does not exist yet. */
  void unresolved(Site site) {
    unresolved.add(new Item(Kind.ERROR, site.message(Messages.UNRESOLVED_TYPE), site.element(),
        null, null));
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
    print(items, messager);
    return hasErrors();
  }

  /** Reports the elements whose types never appeared (only in the last round). */
  void printUnresolvedTo(Messager messager) {
    print(unresolved, messager);
  }

  private static void print(List<Item> items, Messager messager) {
    for (Item item : items) {
      if (item.value() != null) {
        messager.printMessage(
            item.kind(), item.message(), item.element(), item.annotation(), item.value());
      } else {
        messager.printMessage(item.kind(), item.message(), item.element());
      }
    }
  }

  /** {@code score()}, {@code put(T)} or {@code GoalsScored(int)}, with its class. */
  static String describe(Element member) {
    String owner = member.getEnclosingElement().getSimpleName().toString();
    if (!(member instanceof ExecutableElement executable)) {
      return owner + "." + member.getSimpleName();
    }
    String name = member.getKind() == ElementKind.CONSTRUCTOR
        ? owner : owner + "." + member.getSimpleName();
    return name + ModelFactory.parameterList(executable);
  }
}
