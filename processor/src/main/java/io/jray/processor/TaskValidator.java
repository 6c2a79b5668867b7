package io.jray.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Checks the @Remote methods of one class and returns the ones that are tasks. Instance methods of
 * a class that is itself @Remote belong to the actor and are left alone here.
 */
final class TaskValidator {
  private final Elements elements;
  private final SignatureValidator signatures;

  TaskValidator(Elements elements) {
    this.elements = elements;
    this.signatures = new SignatureValidator(elements);
  }

  /** The valid task methods of {@code owner}, in source order; problems go to {@code report}. */
  List<ExecutableElement> tasksOf(TypeElement owner, ValidationReport report) {
    boolean actor = RemoteAnnotation.find(owner).isPresent();
    List<ExecutableElement> tasks = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(owner.getEnclosedElements())) {
      Optional<AnnotationMirror> remote = RemoteAnnotation.find(method);
      if (remote.isEmpty() || actor && isInstanceMethod(method, owner)) {
        continue;
      }
      ValidationReport own = new ValidationReport();
      validate(method, owner, actor, remote.get(), own);
      if (!own.hasErrors() && !own.hasUnresolvedTypes()) {
        tasks.add(method);
      }
      report.addAll(own);
    }
    return tasks;
  }

  private static boolean isInstanceMethod(ExecutableElement method, TypeElement owner) {
    return !method.getModifiers().contains(Modifier.STATIC) && !owner.getKind().isInterface();
  }

  private void validate(ExecutableElement method, TypeElement owner, boolean actor,
      AnnotationMirror remote, ValidationReport report) {
    if (owner.getKind().isInterface()) {
      report.error(Messages.INTERFACE_METHOD, method);
    } else if (method.getModifiers().contains(Modifier.ABSTRACT)) {
      report.error(Messages.ABSTRACT_METHOD, method);
    } else if (!method.getModifiers().contains(Modifier.STATIC)) {
      report.error(Messages.INSTANCE_METHOD, method);
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      report.error(Messages.PRIVATE_METHOD, method);
    }
    checkEnclosingClasses(method, owner, report);
    signatures.check(owner, method, (ExecutableType) method.asType(), Messages.GENERIC_METHOD,
        report);
    if (actor && ActorValidator.RESERVED_NAMES.contains(method.getSimpleName().toString())) {
      report.error(Messages.RESERVED_NAME, method);
    }
    AnnotationValue retries = RemoteAnnotation.value(elements, remote, "maxRetries");
    if (((Integer) retries.getValue()) < -1) {
      report.error(Messages.NEGATIVE_RETRIES, method, remote, retries);
    }
    AnnotationValue restarts = RemoteAnnotation.explicitValue(remote, "maxRestarts");
    if (restarts != null) {
      report.warning(Messages.RESTARTS_ON_TASK, method, remote, restarts);
    }
    AnnotationValue isolated = RemoteAnnotation.explicitValue(remote, "isolated");
    if (isolated != null && (Boolean) isolated.getValue()) {
      report.error(Messages.ISOLATED_TASK, method, remote, isolated);
    }
    ResourceAnnotation.check(elements, method, remote, report);
  }

  /** Reports each kind of problem with the classes around the method once. */
  private static void checkEnclosingClasses(
      ExecutableElement method, TypeElement owner, ValidationReport report) {
    boolean privateClass = false;
    boolean innerClass = false;
    boolean localClass = false;
    for (Element type = owner; type instanceof TypeElement; type = type.getEnclosingElement()) {
      NestingKind nesting = ((TypeElement) type).getNestingKind();
      privateClass |= type.getModifiers().contains(Modifier.PRIVATE);
      innerClass |= nesting == NestingKind.MEMBER && type.getKind() == ElementKind.CLASS
          && !type.getModifiers().contains(Modifier.STATIC);
      localClass |= nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS;
    }
    if (privateClass) {
      report.error(Messages.PRIVATE_CLASS, method);
    }
    if (innerClass) {
      report.error(Messages.INNER_CLASS, method);
    }
    if (localClass) {
      report.error(Messages.LOCAL_CLASS, method);
    }
  }
}
