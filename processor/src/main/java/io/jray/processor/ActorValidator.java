package io.jray.processor;

import io.jray.processor.ActorDeclaration.Member;
import io.jray.processor.ValidationReport.Site;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks a class-level {@code @Remote} class and finds what its handle offers: its public
 * constructors, and its public instance methods, declared or inherited (from superclasses other
 * than {@code Object}, and default methods of its interfaces), each once.
 */
final class ActorValidator {
  /** Members every generated handle has, besides equals, hashCode and toString. */
  static final Set<String> RESERVED_NAMES =
      Set.of("create", "options", "getActor", "actorRef", "actorId");

  private final Elements elements;
  private final Types types;
  private final SignatureValidator signatures;

  ActorValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.signatures = new SignatureValidator(elements);
  }

  /** The declaration of {@code type}, annotated {@code remote}; problems go to {@code report}. */
  ActorDeclaration validate(TypeElement type, AnnotationMirror remote,
      java.util.Map<String, Integer> groups, ValidationReport report) {
    ElementKind kind = type.getKind();
    if (kind.isInterface()) {
      report.error(Messages.INTERFACE_ACTOR, type);
    } else if (kind == ElementKind.ENUM) {
      report.error(Messages.ENUM_ACTOR, type);
    } else if (kind == ElementKind.RECORD) {
      report.error(Messages.RECORD_ACTOR, type);
    }
    if (kind != ElementKind.CLASS) {
      return null;
    }
    checkClass(type, report);
    checkAnnotation(type, remote, report);
    if (TypeFacts.containsError(type.getSuperclass())) {
      report.unresolved(Site.of(type));
    }
    List<Member> constructors = constructors(type, report);
    List<Member> methods = methods(type, report);
    return new ActorDeclaration(type,
        RemoteAnnotation.intValue(elements, remote, "maxRestarts"),
        RemoteAnnotation.booleanValue(elements, remote, "isolated"), groups, constructors,
        methods);
  }

  private static void checkClass(TypeElement type, ValidationReport report) {
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      report.error(Messages.ABSTRACT_ACTOR, type);
    }
    if (!type.getTypeParameters().isEmpty()) {
      report.error(Messages.GENERIC_ACTOR, type);
    }
    boolean privateClass = false;
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      privateClass |= e.getModifiers().contains(Modifier.PRIVATE);
    }
    if (privateClass) {
      report.error(Messages.PRIVATE_ACTOR, type);
    }
    NestingKind nesting = type.getNestingKind();
    if (nesting == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
      report.error(Messages.INNER_ACTOR, type);
    } else if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
      report.error(Messages.LOCAL_ACTOR, type);
    }
  }

  private void checkAnnotation(TypeElement type, AnnotationMirror remote, ValidationReport report) {
    AnnotationValue restarts = RemoteAnnotation.value(elements, remote, "maxRestarts");
    if ((Integer) restarts.getValue() < -1) {
      report.error(Messages.NEGATIVE_RESTARTS, type, remote, restarts);
    }
    AnnotationValue retries = RemoteAnnotation.explicitValue(remote, "maxRetries");
    if (retries != null) {
      report.warning(Messages.RETRIES_ON_ACTOR, type, remote, retries);
    }
    ResourceAnnotation.check(elements, type, remote, report);
  }

  private List<Member> constructors(TypeElement type, ValidationReport report) {
    List<Member> constructors = new ArrayList<>();
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (constructor.getModifiers().contains(Modifier.PUBLIC)) {
        ExecutableType member = (ExecutableType) constructor.asType();
        signatures.check(type, constructor, member, Messages.GENERIC_CONSTRUCTOR, report);
        constructors.add(new Member(constructor, member));
      }
    }
    if (constructors.isEmpty()) {
      report.error(Messages.NO_PUBLIC_CONSTRUCTOR, type);
    }
    return constructors;
  }

  /** The public instance methods: the class's own in source order, then inherited ones. */
  private List<Member> methods(TypeElement type, ValidationReport report) {
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      Set<Modifier> modifiers = method.getModifiers();
      if (!modifiers.contains(Modifier.PUBLIC) && !modifiers.contains(Modifier.STATIC)
          && RemoteAnnotation.find(method).isPresent()) {
        report.error(Messages.NON_PUBLIC_ACTOR_METHOD, method);
      }
      if (!modifiers.contains(Modifier.STATIC)) {
        RemoteAnnotation.find(method).ifPresent(annotation -> {
          for (AnnotationValue option : annotation.getElementValues().values()) {
            report.error(Messages.OPTION_ON_ACTOR_METHOD, method, annotation, option);
          }
        });
      }
    }
    DeclaredType actorType = (DeclaredType) type.asType();
    List<ExecutableElement> objectMethods = ElementFilter.methodsIn(
        elements.getTypeElement(Object.class.getName()).getEnclosedElements());
    List<Member> methods = new ArrayList<>();
    List<ExecutableElement> seen = new ArrayList<>(objectMethods);
    for (TypeElement declaring : supertypes(type)) {
      for (ExecutableElement method : ElementFilter.methodsIn(declaring.getEnclosedElements())) {
        Set<Modifier> modifiers = method.getModifiers();
        boolean candidate = modifiers.contains(Modifier.PUBLIC)
            && !modifiers.contains(Modifier.STATIC)
            && (!declaring.getKind().isInterface() || modifiers.contains(Modifier.DEFAULT));
        if (!candidate || overridesAny(method, seen, type)) {
          continue;
        }
        seen.add(method);
        ExecutableType member = (ExecutableType) types.asMemberOf(actorType, method);
        signatures.check(type, method, member, Messages.GENERIC_ACTOR_METHOD, report);
        if (RESERVED_NAMES.contains(method.getSimpleName().toString())) {
          report.error(Messages.RESERVED_NAME, Site.of(type, method));
        }
        methods.add(new Member(method, member));
      }
    }
    return methods;
  }

  /** Whether {@code method} is {@code Object}'s or already found, and overridden in the class. */
  private boolean overridesAny(
      ExecutableElement method, List<ExecutableElement> found, TypeElement type) {
    for (ExecutableElement other : found) {
      if (other.equals(method) || elements.overrides(other, method, type)
          || elements.overrides(method, other, type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The class, its superclasses up to {@code Object} (excluded), then all their interfaces,
   * breadth first, each once.
   */
  private List<TypeElement> supertypes(TypeElement type) {
    List<TypeElement> classes = new ArrayList<>();
    for (TypeElement c = type; c != null; c = superclass(c)) {
      classes.add(c);
    }
    Set<TypeElement> all = new LinkedHashSet<>(classes);
    Deque<TypeElement> queue = new ArrayDeque<>(classes);
    while (!queue.isEmpty()) {
      for (TypeMirror parent : queue.removeFirst().getInterfaces()) {
        if (parent.getKind() == TypeKind.DECLARED) {
          TypeElement element = (TypeElement) types.asElement(parent);
          if (all.add(element)) {
            queue.addLast(element);
          }
        }
      }
    }
    return new ArrayList<>(all);
  }

  private TypeElement superclass(TypeElement type) {
    TypeMirror parent = type.getSuperclass();
    if (parent.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement element = (TypeElement) types.asElement(parent);
    return element.getQualifiedName().contentEquals(Object.class.getName()) ? null : element;
  }
}
