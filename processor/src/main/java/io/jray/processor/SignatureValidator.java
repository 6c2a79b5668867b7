package io.jray.processor;

import io.jray.processor.ValidationReport.Site;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Checks the signature of one remote call (a task, an actor's constructor or method) for what the
 * generated code could not express, or the runtime could not send: type parameters, a parameter
 * that is itself an ObjectRef, types the generated class cannot name, values that can never cross
 * processes, and types that do not exist yet.
 */
final class SignatureValidator {
  private final Elements elements;
  private final Sendability sendability;

  SignatureValidator(Elements elements) {
    this.elements = elements;
    this.sendability = new Sendability(elements);
  }

  /**
   * Checks {@code call} of {@code owner}, whose types as a member of {@code owner} are {@code
   * type}; {@code genericMessage} is the error for type parameters, which depends on the kind.
   */
  void check(TypeElement owner, ExecutableElement call, ExecutableType type, String genericMessage,
      ValidationReport report) {
    Site site = Site.of(owner, call);
    if (!call.getTypeParameters().isEmpty()) {
      report.error(genericMessage, site);
    }
    List<? extends VariableElement> parameters = call.getParameters();
    List<? extends TypeMirror> parameterTypes = type.getParameterTypes();
    boolean declared = call.getEnclosingElement().equals(owner);
    for (int i = 0; i < parameters.size(); i++) {
      Site parameterSite = declared ? Site.of(parameters.get(i)) : site;
      TypeMirror parameterType = parameterTypes.get(i);
      if (TypeFacts.isObjectRef(parameterType)) {
        report.error(Messages.REF_PARAMETER, parameterSite);
      }
      checkType(owner, parameterType, parameterSite, report);
    }
    TypeMirror result = type.getReturnType();
    if (TypeFacts.isFuture(result)) {
      // The ref settles with the future's value, which is what crosses processes.
      result = TypeFacts.futureValue(result, elements);
      if (result == null) {
        report.error(Messages.RAW_FUTURE, site);
      }
    }
    if (TypeFacts.isGenerator(result)) {
      // A streaming generator: each value crosses processes on its own.
      result = TypeFacts.generatorValue(result, elements);
      if (result == null) {
        report.error(Messages.RAW_GENERATOR, site);
      }
    } else if (TypeFacts.isPrimitiveStream(result)) {
      report.error(Messages.PRIMITIVE_STREAM, site);
      result = null;
    }
    if (result != null && result.getKind() != TypeKind.VOID) {
      checkType(owner, result, site, report);
    }
    boolean unresolved = TypeFacts.containsError(type.getReturnType())
        || parameterTypes.stream().anyMatch(TypeFacts::containsError);
    if (unresolved) {
      report.unresolved(site);
    }
  }

  /**
   * The generated class lives in the owner's package: every type it names must be visible there.
   * And each value must be able to cross to another process.
   */
  private void checkType(TypeElement owner, TypeMirror type, Site site, ValidationReport report) {
    String packageName = elements.getPackageOf(owner).getQualifiedName().toString();
    Optional<TypeElement> hidden = TypeFacts.firstInaccessible(type, packageName);
    hidden.ifPresent(element ->
        report.error(Messages.inaccessibleType(element.getQualifiedName().toString()), site));
    sendability.whyNot(type).ifPresent(why -> report.error(why, site));
    if (sendability.isPlainFunctionalInterface(type)) {
      report.warning(Messages.LAMBDA_TYPE, site);
    }
  }
}
