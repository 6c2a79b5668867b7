package io.jray.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import io.jray.processor.ActorDeclaration.Member;
import io.jray.processor.CallModel.Kind;
import io.jray.processor.ValidationReport.Site;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Turns a class's validated tasks, and its actor declaration if any, into the model to write. */
final class ModelFactory {
  static final ClassName OBJECT_REF = ClassName.get("io.jray", "ObjectRef");
  static final int MAX_MIXED_PARAMETERS = 6;

  private final Elements elements;
  private final Types types;

  ModelFactory(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * The model for {@code owner}: its task methods, and its actor declaration or null if it is not
   * an actor. Warnings about left-out stubs go to {@code report}.
   */
  StubModel create(TypeElement owner, List<ExecutableElement> taskMethods,
      ActorDeclaration actor, ValidationReport report) {
    ClassName ownerName = ClassName.get(owner);
    Set<String> constants = new HashSet<>();
    ActorModel actorModel = null;
    List<CallModel> constructors = new ArrayList<>();
    // Stubs of tasks and of actor methods share the handle's namespace: plan their refs together.
    List<Member> members = new ArrayList<>();
    List<CallModel> calls = new ArrayList<>();
    if (actor != null) {
      constants.add(ActorModel.CLASS_CONSTANT);
      List<Member> news = actor.constructors();
      for (Member constructor : news) {
        constructors.add(call(Kind.CONSTRUCTOR, owner, constructor,
            uniqueConstant("new", constants), report));
      }
      constructors = withPlannedRefs(owner, news, constructors, report);
      for (Member method : actor.methods()) {
        members.add(method);
        calls.add(call(Kind.METHOD, owner, method,
            uniqueConstant(method.element().getSimpleName().toString(), constants), report));
      }
    }
    for (ExecutableElement method : taskMethods) {
      Member member = new Member(method, (ExecutableType) method.asType());
      members.add(member);
      calls.add(call(Kind.TASK, owner, member,
          uniqueConstant(method.getSimpleName().toString(), constants), report));
    }
    calls = withPlannedRefs(owner, members, calls, report);
    List<CallModel> tasks = calls.subList(calls.size() - taskMethods.size(), calls.size());
    if (actor != null) {
      actorModel = new ActorModel(owner.getQualifiedName().toString(), actor.maxRestarts(),
          actor.isolated(),
          ResourceAnnotation.spec(elements, RemoteAnnotation.find(owner).orElseThrow()),
          actor.groups().entrySet().stream().map(group -> group.getKey() + "=" + group.getValue())
              .collect(Collectors.joining(",")),
          isPublic(owner), constructors, calls.subList(0, actor.methods().size()));
    }
    boolean generated = elements.getTypeElement("javax.annotation.processing.Generated") != null;
    return new StubModel(
        StubModel.stubNameOf(ownerName), ownerName, tasks, actorModel, generated);
  }

  private static List<CallModel> withPlannedRefs(TypeElement owner, List<Member> members,
      List<CallModel> calls, ValidationReport report) {
    List<List<Integer>> masks = new RefOverloads(owner, members, calls).plan(report);
    List<CallModel> planned = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      planned.add(calls.get(i).withRefMasks(masks.get(i)));
    }
    return planned;
  }

  private CallModel call(
      Kind kind, TypeElement owner, Member member, String constant, ValidationReport report) {
    ExecutableElement element = member.element();
    ExecutableType type = member.type();
    List<ParameterModel> parameters = new ArrayList<>();
    List<String> erasedNames = new ArrayList<>();
    boolean unchecked = false;
    boolean raw = TypeFacts.containsRawType(type.getReturnType());
    for (int i = 0; i < element.getParameters().size(); i++) {
      ParameterModel model = parameter(element.getParameters().get(i),
          type.getParameterTypes().get(i));
      parameters.add(model);
      erasedNames.add(model.erasedName());
      unchecked |= !model.reifiable();
      raw |= TypeFacts.containsRawType(type.getParameterTypes().get(i));
    }
    String name = kind == Kind.CONSTRUCTOR ? "create" : element.getSimpleName().toString();
    String signatureName = kind == Kind.CONSTRUCTOR ? "<init>" : name;
    TypeMirror result = type.getReturnType();
    boolean returnsVoid = kind != Kind.CONSTRUCTOR && result.getKind() == TypeKind.VOID;
    List<String> warnings = new ArrayList<>();
    if (raw) {
      warnings.add("rawtypes");
    }
    if (unchecked) {
      warnings.add("unchecked");
    }
    int maxRetries = kind == Kind.TASK
        ? RemoteAnnotation.intValue(elements, RemoteAnnotation.find(element).orElseThrow(),
            "maxRetries")
        : 0;
    String resources = kind == Kind.TASK
        ? ResourceAnnotation.spec(elements, RemoteAnnotation.find(element).orElseThrow())
        : "";
    boolean async = kind != Kind.CONSTRUCTOR && TypeFacts.isFuture(result);
    if (async) {
      result = TypeFacts.futureValue(result, elements);
    }
    boolean generator = kind != Kind.CONSTRUCTOR && TypeFacts.isGenerator(result);
    if (generator) {
      result = TypeFacts.generatorValue(result, elements);
    }
    TypeName resultName = kind == Kind.CONSTRUCTOR ? ClassName.get(owner)
        : returnsVoid ? ClassName.get(Void.class) : TypeName.get(result).box();
    return new CallModel(
        kind,
        name,
        constant,
        signatureName + "(" + String.join(",", erasedNames) + ")",
        owner.getQualifiedName() + (kind == Kind.CONSTRUCTOR ? "" : "." + name),
        maxRetries,
        resources,
        resultName,
        returnsVoid,
        parameters,
        element.isVarArgs(),
        initialMasks(Site.of(owner, element), parameters.size(), report),
        warnings,
        raw,
        async,
        generator,
        kind == Kind.METHOD ? GroupValidator.groupOf(element) : "");
  }

  /** {@code declared} is for Javadoc links; {@code type} is the type as a member of the owner. */
  private ParameterModel parameter(VariableElement declared, TypeMirror type) {
    TypeName name = TypeName.get(type);
    TypeName refType = TypeFacts.isExact(type)
        ? ParameterizedTypeName.get(OBJECT_REF, name.box())
        : ParameterizedTypeName.get(OBJECT_REF, WildcardTypeName.subtypeOf(name));
    boolean objectArray = name instanceof ArrayTypeName array
        && !array.componentType().isPrimitive();
    return new ParameterModel(declared.getSimpleName().toString(), name, refType,
        TypeName.get(types.erasure(declared.asType())), TypeFacts.erasedName(type),
        TypeFacts.isReifiable(type), objectArray);
  }

  /** Every mix of values and refs up to six parameters; above, all values or all refs. */
  private static List<Integer> initialMasks(Site site, int count, ValidationReport report) {
    List<Integer> masks = new ArrayList<>();
    if (count <= MAX_MIXED_PARAMETERS) {
      for (int mask = 0; mask < 1 << count; mask++) {
        masks.add(mask);
      }
    } else {
      report.warning(Messages.TOO_MANY_PARAMETERS, site);
      masks.add(0);
      masks.add((1 << count) - 1);
    }
    return masks;
  }

  /** {@code sumSquares} gives {@code SUM_SQUARES}; overloads get {@code SUM_SQUARES_2}, ... */
  private static String uniqueConstant(String name, Set<String> taken) {
    String base = name
        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
        .replaceAll("([A-Z])([A-Z][a-z])", "$1_$2")
        .toUpperCase(Locale.ROOT);
    String constant = base;
    for (int n = 2; !taken.add(constant); n++) {
      constant = base + "_" + n;
    }
    return constant;
  }

  /** Whether code in any package can name the class: it and all classes around it are public. */
  private static boolean isPublic(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  /** {@code size(java.lang.Integer)}, or {@code Counter(int)} for a constructor. */
  static String describe(ExecutableElement method) {
    String name = method.getSimpleName().contentEquals("<init>")
        ? method.getEnclosingElement().getSimpleName().toString()
        : method.getSimpleName().toString();
    return name + parameterList(method);
  }

  static String parameterList(ExecutableElement method) {
    return method.getParameters().stream()
        .map(parameter -> parameter.asType().toString())
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
