package io.jray.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Turns a class's validated task methods into the {@link StubModel} to write. */
final class ModelFactory {
  static final ClassName OBJECT_REF = ClassName.get("io.jray", "ObjectRef");
  static final int MAX_MIXED_PARAMETERS = 6;

  private final Elements elements;
  private final Types types;

  ModelFactory(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** The model for {@code owner}; warnings about left-out stubs go to {@code report}. */
  StubModel create(
      TypeElement owner, List<ExecutableElement> methods, ValidationReport report) {
    ClassName ownerName = ClassName.get(owner);
    Set<String> constants = new HashSet<>();
    List<TaskModel> tasks = new ArrayList<>();
    for (ExecutableElement method : methods) {
      tasks.add(task(owner, method, uniqueConstant(method, constants), report));
    }
    List<List<Integer>> masks = new RefOverloads(methods, tasks).plan(report);
    for (int i = 0; i < tasks.size(); i++) {
      tasks.set(i, tasks.get(i).withRefMasks(masks.get(i)));
    }
    boolean generated = elements.getTypeElement("javax.annotation.processing.Generated") != null;
    return new StubModel(StubModel.stubNameOf(ownerName), ownerName, tasks, generated);
  }

  private TaskModel task(
      TypeElement owner, ExecutableElement method, String constant, ValidationReport report) {
    List<ParameterModel> parameters = new ArrayList<>();
    List<String> erasedNames = new ArrayList<>();
    boolean unchecked = false;
    boolean raw = TypeFacts.containsRawType(method.getReturnType());
    for (VariableElement parameter : method.getParameters()) {
      ParameterModel model = parameter(parameter);
      parameters.add(model);
      erasedNames.add(model.erasedName());
      unchecked |= !model.reifiable();
      raw |= TypeFacts.containsRawType(parameter.asType());
    }
    String name = method.getSimpleName().toString();
    TypeMirror result = method.getReturnType();
    boolean returnsVoid = result.getKind() == TypeKind.VOID;
    List<String> warnings = new ArrayList<>();
    if (raw) {
      warnings.add("rawtypes");
    }
    if (unchecked) {
      warnings.add("unchecked");
    }
    int maxRetries = RemoteAnnotation.maxRetries(
        elements, RemoteAnnotation.find(method).orElseThrow());
    return new TaskModel(
        name,
        constant,
        name + "(" + String.join(",", erasedNames) + ")",
        owner.getQualifiedName() + "." + name,
        maxRetries,
        returnsVoid ? ClassName.get(Void.class) : TypeName.get(result).box(),
        returnsVoid,
        parameters,
        method.isVarArgs(),
        initialMasks(method, parameters.size(), report),
        warnings,
        raw);
  }

  private ParameterModel parameter(VariableElement parameter) {
    TypeMirror type = parameter.asType();
    TypeName name = TypeName.get(type);
    TypeName refType = TypeFacts.isExact(type)
        ? ParameterizedTypeName.get(OBJECT_REF, name.box())
        : ParameterizedTypeName.get(OBJECT_REF, WildcardTypeName.subtypeOf(name));
    boolean objectArray = name instanceof ArrayTypeName array
        && !array.componentType().isPrimitive();
    return new ParameterModel(parameter.getSimpleName().toString(), name, refType,
        TypeName.get(types.erasure(type)), TypeFacts.erasedName(type),
        TypeFacts.isReifiable(type), objectArray);
  }

  /** Every mix of values and refs up to six parameters; above, all values or all refs. */
  private static List<Integer> initialMasks(
      ExecutableElement method, int count, ValidationReport report) {
    List<Integer> masks = new ArrayList<>();
    if (count <= MAX_MIXED_PARAMETERS) {
      for (int mask = 0; mask < 1 << count; mask++) {
        masks.add(mask);
      }
    } else {
      report.warning(Messages.TOO_MANY_PARAMETERS, method);
      masks.add(0);
      masks.add((1 << count) - 1);
    }
    return masks;
  }

  /** {@code sumSquares} gives {@code SUM_SQUARES}; overloads get {@code SUM_SQUARES_2}, ... */
  private static String uniqueConstant(ExecutableElement method, Set<String> taken) {
    String base = method.getSimpleName().toString()
        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
        .replaceAll("([A-Z])([A-Z][a-z])", "$1_$2")
        .toUpperCase(Locale.ROOT);
    String constant = base;
    for (int n = 2; !taken.add(constant); n++) {
      constant = base + "_" + n;
    }
    return constant;
  }

  static String describe(ExecutableElement method) {
    return method.getSimpleName() + method.getParameters().stream()
        .map(parameter -> parameter.asType().toString())
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
