package io.jray.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic.Kind;

/**
 * Generates {@code <Name>Remote} for every class with @Remote static methods (a task stub class)
 * or with @Remote on the class itself (an actor handle, with the stubs of its tasks). Each round it
 * validates a class, models it and writes it; a class whose signatures name types that do not
 * exist yet waits for a later round, by name. It never claims {@code @Remote}, and never lets an
 * exception reach javac.
 */
@AutoService(Processor.class)
public final class RemoteProcessor extends AbstractProcessor {
  /** Classes waiting for types that another round may generate, by qualified name. */
  private final Set<String> deferred = new LinkedHashSet<>();
  /** Stub classes written so far, so two classes never write the same one. */
  private final Set<String> stubs = new LinkedHashSet<>();
  private boolean errorRaised;

  /** The processor, as javac's service loader makes it. */
  public RemoteProcessor() {}

  /**
   * Every annotation, not just {@code @Remote}: javac calls a processor only when one of its
   * annotations is visible, and {@code @Remote} inside a local class never is, so a file whose
   * only @Remote methods are misplaced would otherwise compile without a word.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      processRound(round);
    } catch (Throwable t) {
      errorRaised = true;
      processingEnv.getMessager().printMessage(Kind.ERROR, Messages.internalError(t));
    }
    return false;
  }

  private void processRound(RoundEnvironment round) throws IOException {
    errorRaised |= round.errorRaised();
    errorRaised |= LocalClassScanner.create(processingEnv).scan(round.getRootElements());
    Set<String> names = new LinkedHashSet<>(deferred);
    deferred.clear();
    TypeElement remote = processingEnv.getElementUtils().getTypeElement(RemoteAnnotation.NAME);
    if (remote != null) {
      for (Element element : round.getElementsAnnotatedWith(remote)) {
        if (element.getKind() == ElementKind.METHOD) {
          names.add(((TypeElement) element.getEnclosingElement()).getQualifiedName().toString());
        } else if (element instanceof TypeElement type) {
          names.add(type.getQualifiedName().toString());
        }
      }
    }
    // Groups on classes that are not actors are errors: find those classes too.
    for (String annotation : List.of(GroupValidator.GROUP, GroupValidator.GROUPS,
        GroupValidator.IN_GROUP)) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(annotation);
      if (type == null) {
        continue;
      }
      for (Element element : round.getElementsAnnotatedWith(type)) {
        Element owner = element instanceof TypeElement ? element : element.getEnclosingElement();
        if (owner instanceof TypeElement ownerType) {
          names.add(ownerType.getQualifiedName().toString());
        }
      }
    }
    Map<TypeElement, ValidationReport> leftovers = new LinkedHashMap<>();
    for (String name : names) {
      TypeElement owner = processingEnv.getElementUtils().getTypeElement(name);
      if (owner != null) {
        ValidationReport report = generate(owner);
        if (report != null) {
          leftovers.put(owner, report);
        }
      }
    }
    if (round.processingOver()) {
      reportLeftovers(leftovers);
    }
  }

  /** Validates and writes one class; returns its report if it must wait for another round. */
  private ValidationReport generate(TypeElement owner) throws IOException {
    Elements elements = processingEnv.getElementUtils();
    Types types = processingEnv.getTypeUtils();
    ValidationReport report = new ValidationReport();
    List<ExecutableElement> tasks = new TaskValidator(elements).tasksOf(owner, report);
    Optional<AnnotationMirror> remote = RemoteAnnotation.find(owner);
    Map<String, Integer> groups =
        new GroupValidator(elements).validate(owner, remote.isPresent(), report);
    ActorDeclaration actor = remote.isPresent()
        ? new ActorValidator(elements, types).validate(owner, remote.get(), groups, report)
        : null;
    if (report.hasUnresolvedTypes()) {
      deferred.add(owner.getQualifiedName().toString());
      return report;
    }
    if (report.hasErrors() || tasks.isEmpty() && actor == null) {
      errorRaised |= report.printTo(processingEnv.getMessager());
      return null;
    }
    StubModel model = new ModelFactory(elements, types).create(owner, tasks, actor, report);
    report.printTo(processingEnv.getMessager());
    if (!stubs.add(model.stub().canonicalName())) {
      errorRaised = true;
      processingEnv.getMessager().printMessage(Kind.ERROR, Messages.STUB_NAME_TAKEN, owner);
      return null;
    }
    try {
      StubWriter.write(model, owner).writeTo(processingEnv.getFiler());
    } catch (FilerException e) {
      // The name is taken by a class being compiled, or one another processor generated.
      errorRaised = true;
      processingEnv.getMessager().printMessage(
          Kind.ERROR, Messages.stubClassExists(model.stub().canonicalName()), owner);
    }
    return null;
  }

  /** In the last round: the classes still waiting. Their errors, and the missing types if alone. */
  private void reportLeftovers(Map<TypeElement, ValidationReport> leftovers) {
    for (ValidationReport report : leftovers.values()) {
      errorRaised |= report.printTo(processingEnv.getMessager());
    }
    if (!errorRaised) {
      leftovers.values().forEach(report -> report.printUnresolvedTo(processingEnv.getMessager()));
    }
    deferred.clear();
  }
}
