package io.jray.processor;

import java.util.Locale;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
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

  private static String qualifiedName(TypeMirror declared) {
    return ((TypeElement) ((DeclaredType) declared).asElement()).getQualifiedName().toString();
  }
}
