package io.jray.processor;

import io.jray.annotations.ConcurrencyGroup;
import io.jray.annotations.ConcurrencyGroups;
import io.jray.annotations.InGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Checks a class's concurrency groups ({@code @ConcurrencyGroup}, repeatable, on an actor class)
 * and the methods put in them ({@code @InGroup}): valid, unique names, sizes of 1 or more, only on
 * actors, and every {@code @InGroup} naming a group the class declares.
 */
final class GroupValidator {
  static final String GROUP = ConcurrencyGroup.class.getCanonicalName();
  static final String GROUPS = ConcurrencyGroups.class.getCanonicalName();
  static final String IN_GROUP = InGroup.class.getCanonicalName();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private final Elements elements;

  GroupValidator(Elements elements) {
    this.elements = elements;
  }

  /**
   * The groups {@code type} declares, by name, with their sizes, in the order written; problems
   * go to {@code report}.
   */
  Map<String, Integer> validate(TypeElement type, boolean actor, ValidationReport report) {
    Map<String, Integer> groups = new LinkedHashMap<>();
    List<AnnotationMirror> declared = groupsOf(type);
    for (AnnotationMirror group : declared) {
      AnnotationValue name = value(group, "name");
      AnnotationValue size = value(group, "maxConcurrency");
      String groupName = (String) name.getValue();
      // javac places no message on an annotation inside the container it makes of repeated
      // ones: those go on the class, naming the group.
      Reporter at = declared.size() == 1
          ? (message, value) -> report.error(message, type, group, value)
          : (message, value) -> report.error(message + " (Group \"" + groupName + "\".)", type);
      if (!actor) {
        at.error(Messages.GROUP_ON_NON_ACTOR, name);
        continue;
      }
      if (!NAME.matcher(groupName).matches() || groupName.equals("default")) {
        at.error(Messages.GROUP_NAME, name);
      } else if (groups.containsKey(groupName)) {
        at.error(Messages.DUPLICATE_GROUP, name);
      }
      if ((Integer) size.getValue() < 1) {
        at.error(Messages.GROUP_CONCURRENCY, size);
      }
      groups.putIfAbsent(groupName, (Integer) size.getValue());
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      Optional<AnnotationMirror> inGroup = find(method, IN_GROUP);
      if (inGroup.isEmpty()) {
        continue;
      }
      AnnotationValue name = value(inGroup.get(), "value");
      if (!actor) {
        report.error(Messages.IN_GROUP_OUTSIDE_ACTOR, method, inGroup.get(), name);
      } else if (!method.getModifiers().contains(Modifier.PUBLIC)
          || method.getModifiers().contains(Modifier.STATIC)) {
        report.error(Messages.IN_GROUP_NOT_CALLABLE, method, inGroup.get(), name);
      } else if (!groups.containsKey((String) name.getValue())) {
        report.error(Messages.unknownGroup((String) name.getValue(), groups.keySet()), method,
            inGroup.get(), name);
      }
    }
    return groups;
  }

  /** Reports a problem with one group's value. */
  @FunctionalInterface
  private interface Reporter {
    void error(String message, AnnotationValue value);
  }

  /** The group a method of an actor runs in: its {@code @InGroup}'s, or "" for the default. */
  static String groupOf(ExecutableElement method) {
    return find(method, IN_GROUP)
        .map(annotation -> (String) annotation.getElementValues().values().iterator().next()
            .getValue())
        .orElse("");
  }

  /** The {@code @ConcurrencyGroup}s on {@code type}, written one by one or in their container. */
  private List<AnnotationMirror> groupsOf(TypeElement type) {
    List<AnnotationMirror> groups = new ArrayList<>();
    find(type, GROUP).ifPresent(groups::add);
    find(type, GROUPS).ifPresent(container -> {
      @SuppressWarnings("unchecked")
      List<? extends AnnotationValue> values =
          (List<? extends AnnotationValue>) value(container, "value").getValue();
      for (AnnotationValue value : values) {
        groups.add((AnnotationMirror) value.getValue());
      }
    });
    return groups;
  }

  private AnnotationValue value(AnnotationMirror annotation, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
        : elements.getElementValuesWithDefaults(annotation).entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    throw new IllegalStateException("@" + annotation.getAnnotationType() + " has no " + name);
  }

  static Optional<AnnotationMirror> find(Element element, String annotation) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotation)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }
}
