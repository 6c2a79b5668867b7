package io.jray.processor;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/** Questions about the types in a @Remote method's signature that decide what to generate. */
final class TypeFacts {
  static final String OBJECT_REF = "io.jray.ObjectRef";

  private TypeFacts() {}

  /** Whether the type, or a type inside it, has not been generated yet (or does not exist). */
  static boolean containsError(TypeMirror type) {
    if (type == null) {
      return false;
    }
    return switch (type.getKind()) {
      case ERROR -> true;
      case ARRAY -> containsError(((ArrayType) type).getComponentType());
      case WILDCARD -> containsError(((WildcardType) type).getExtendsBound())
          || containsError(((WildcardType) type).getSuperBound());
      case DECLARED -> ((DeclaredType) type).getTypeArguments().stream()
          .anyMatch(TypeFacts::containsError)
          || containsError(((DeclaredType) type).getEnclosingType());
      default -> false;
    };
  }

  /** The futures a method may return to settle its ref later. */
  static final Set<String> FUTURES = Set.of(
      "java.util.concurrent.CompletableFuture", "java.util.concurrent.CompletionStage");

  /** Whether a result of this type settles the call's ref when it completes. */
  static boolean isFuture(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED && FUTURES.contains(qualifiedName(type));
  }

  /**
   * The type of a future's value: its type argument, a wildcard's upper bound, or {@code Object}
   * for {@code ?}; null for a raw future.
   */
  static TypeMirror futureValue(TypeMirror future, javax.lang.model.util.Elements elements) {
    java.util.List<? extends TypeMirror> arguments = ((DeclaredType) future).getTypeArguments();
    if (arguments.isEmpty()) {
      return null;
    }
    TypeMirror value = arguments.get(0);
    if (value.getKind() == TypeKind.WILDCARD) {
      TypeMirror bound = ((WildcardType) value).getExtendsBound();
      return bound != null ? bound : elements.getTypeElement(Object.class.getName()).asType();
    }
    return value;
  }

  /** The types a streaming generator returns: its values are stored one by one. */
  static final Set<String> GENERATORS = Set.of("java.util.Iterator", "java.util.stream.Stream");

  /** The JDK's streams of primitives, which are not generators: their boxed streams are. */
  static final Set<String> PRIMITIVE_STREAMS = Set.of("java.util.stream.IntStream",
      "java.util.stream.LongStream", "java.util.stream.DoubleStream");

  /** Whether a method with this result is a streaming generator. */
  static boolean isGenerator(TypeMirror type) {
    return type != null && type.getKind() == TypeKind.DECLARED && GENERATORS.contains(qualifiedName(type));
  }

  /** Whether the type is a stream of primitives. */
  static boolean isPrimitiveStream(TypeMirror type) {
    return type != null && type.getKind() == TypeKind.DECLARED && PRIMITIVE_STREAMS.contains(qualifiedName(type));
  }

  /**
   * The type of a generator's values, as of a future's: its type argument, a wildcard's upper
   * bound, or {@code Object} for {@code ?}; null for a raw one.
   */
  static TypeMirror generatorValue(TypeMirror generator, javax.lang.model.util.Elements elements) {
    return futureValue(generator, elements);
  }

  /** Whether the type is {@code ObjectRef}, whatever its type argument. */
  static boolean isObjectRef(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && qualifiedName(type).equals(OBJECT_REF);
  }

  /** Whether a cast from {@code Object} to this type is checked at run time (no warning). */
  static boolean isReifiable(TypeMirror type) {
    return switch (type.getKind()) {
      case ARRAY -> isReifiable(((ArrayType) type).getComponentType());
      case DECLARED -> ((DeclaredType) type).getTypeArguments().stream().allMatch(
              argument -> argument.getKind() == TypeKind.WILDCARD
                  && ((WildcardType) argument).getExtendsBound() == null
                  && ((WildcardType) argument).getSuperBound() == null)
          && isReifiable(((DeclaredType) type).getEnclosingType());
      case TYPEVAR, INTERSECTION, UNION, WILDCARD -> false;
      default -> true;
    };
  }

  /** Whether the type, or a type inside it, is a generic class used without type arguments. */
  static boolean containsRawType(TypeMirror type) {
    if (type == null) {
      return false;
    }
    return switch (type.getKind()) {
      case ARRAY -> containsRawType(((ArrayType) type).getComponentType());
      case WILDCARD -> containsRawType(((WildcardType) type).getExtendsBound())
          || containsRawType(((WildcardType) type).getSuperBound());
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        yield declared.getTypeArguments().isEmpty() && !element.getTypeParameters().isEmpty()
            || declared.getTypeArguments().stream().anyMatch(TypeFacts::containsRawType);
      }
      default -> false;
    };
  }

  /**
   * Whether no other type's values can be passed for this type, so that a ref parameter can be
   * {@code ObjectRef<T>} rather than {@code ObjectRef<? extends T>}: primitives, non-generic final
   * classes, and arrays of them.
   */
  static boolean isExact(TypeMirror type) {
    if (type.getKind().isPrimitive()) {
      return true;
    }
    return switch (type.getKind()) {
      case ARRAY -> isExact(((ArrayType) type).getComponentType());
      case DECLARED -> {
        Element element = ((DeclaredType) type).asElement();
        yield element.getModifiers().contains(Modifier.FINAL)
            && ((DeclaredType) type).getTypeArguments().isEmpty();
      }
      default -> false;
    };
  }

  /**
   * The erased name of a type as the signature id spells it: {@code int}, {@code java.util.List},
   * {@code java.lang.String[]}. Type annotations are left out, so the id never depends on them.
   */
  static String erasedName(TypeMirror type) {
    if (type.getKind().isPrimitive() || type.getKind() == TypeKind.VOID) {
      return type.getKind().name().toLowerCase(Locale.ROOT);
    }
    return switch (type.getKind()) {
      case ARRAY -> erasedName(((ArrayType) type).getComponentType()) + "[]";
      case DECLARED -> qualifiedName(type);
      default -> type.toString();
    };
  }

  /**
   * The first class named in the type that code in {@code packageName} cannot name: a private
   * class, or a package-private or protected one of another package (or nested in one).
   */
  static Optional<TypeElement> firstInaccessible(TypeMirror type, String packageName) {
    return switch (type.getKind()) {
      case ARRAY -> firstInaccessible(((ArrayType) type).getComponentType(), packageName);
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) type;
        TypeMirror bound = wildcard.getExtendsBound() != null
            ? wildcard.getExtendsBound() : wildcard.getSuperBound();
        yield bound == null ? Optional.empty() : firstInaccessible(bound, packageName);
      }
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        if (!isAccessible(element, packageName)) {
          yield Optional.of(element);
        }
        for (TypeMirror argument : declared.getTypeArguments()) {
          Optional<TypeElement> hidden = firstInaccessible(argument, packageName);
          if (hidden.isPresent()) {
            yield hidden;
          }
        }
        yield Optional.empty();
      }
      default -> Optional.empty();
    };
  }

  private static boolean isAccessible(TypeElement type, String packageName) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      Set<Modifier> modifiers = e.getModifiers();
      if (modifiers.contains(Modifier.PRIVATE)) {
        return false;
      }
      if (!modifiers.contains(Modifier.PUBLIC) && !packageOf(e).equals(packageName)) {
        return false;
      }
    }
    return true;
  }

  private static String packageOf(Element element) {
    Element e = element;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }

  private static String qualifiedName(TypeMirror declared) {
    return ((TypeElement) ((DeclaredType) declared).asElement()).getQualifiedName().toString();
  }
}
