package io.jray.processor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Which types can never cross a process boundary. The same classes, for the same reasons, as the
 * runtime's deny list ({@code io.jray.internal.serialization.DenyList}): the runtime refuses their
 * values when it meets them, and the processor refuses them in a signature, where it can see them
 * before anything runs. Keep the two lists together.
 */
final class Sendability {
  private static final String STREAM = "an open stream reads from or writes to something that"
      + " only this process holds. Pass the data itself (a byte[] or a String), or a path to open"
      + " in the task";
  private static final String SOCKET = "an open socket, file, channel or connection belongs to"
      + " the process that opened it. Pass the address or path, and open it in the task";
  private static final String SYNC = "a lock or synchronizer coordinates the threads of one"
      + " process. Create it inside the task, or coordinate through an actor";

  /** Checked supertype by supertype; a class's own name first. */
  private static final Map<String, String> NEVER_SENT = new LinkedHashMap<>();

  static {
    deny("java.lang.Thread", "a thread runs only in the process that started it. Pass what the"
        + " thread would work on, and run that work as a task");
    deny("java.lang.ThreadGroup", "a thread group lives only in the process that made it."
        + " Create threads inside the task");
    deny("java.lang.ClassLoader", "a class loader belongs to the JVM that created it. Pass a"
        + " class name, and load it in the task");
    deny("java.lang.Process", "a process handle means something only to the process that"
        + " started it. Pass its pid, or what it produced");
    deny("java.lang.ProcessHandle", "a process handle means something only in this process."
        + " Pass the pid");
    deny("java.lang.Runtime", "the Runtime is this JVM. Call Runtime.getRuntime() in the task");
    deny("java.lang.ref.Reference", "a weak or soft reference is tied to this JVM's garbage"
        + " collector. Pass the referent");
    deny("java.lang.reflect.AccessibleObject", "reflection objects belong to this JVM. Pass the"
        + " class and the member's name");
    deny("java.lang.invoke.MethodHandle", "a method handle belongs to this JVM. Pass a"
        + " serializable lambda instead");
    for (String stream : new String[] {"java.io.InputStream", "java.io.OutputStream",
        "java.io.Reader", "java.io.Writer", "java.util.Scanner"}) {
      deny(stream, STREAM);
    }
    deny("java.util.stream.BaseStream", "a stream can be consumed only once, here. Collect it to"
        + " a List first");
    for (String socket : new String[] {"java.net.Socket", "java.net.ServerSocket",
        "java.net.DatagramSocket", "java.nio.channels.Channel", "java.nio.channels.Selector",
        "java.io.RandomAccessFile", "java.io.FileDescriptor", "java.net.http.HttpClient",
        "java.sql.Connection", "java.sql.Statement", "java.sql.ResultSet"}) {
      deny(socket, SOCKET);
    }
    for (String sync : new String[] {"java.util.concurrent.locks.Lock",
        "java.util.concurrent.locks.ReadWriteLock", "java.util.concurrent.locks.Condition",
        "java.util.concurrent.locks.AbstractOwnableSynchronizer",
        "java.util.concurrent.CountDownLatch", "java.util.concurrent.Semaphore",
        "java.util.concurrent.CyclicBarrier", "java.util.concurrent.Phaser",
        "java.util.concurrent.Exchanger"}) {
      deny(sync, SYNC);
    }
    deny("java.util.concurrent.BlockingQueue", "a blocking queue hands items between the threads"
        + " of one process. Pass a copy of its contents");
    deny("java.nio.Buffer", "a CharBuffer, IntBuffer and the like may point at memory of this"
        + " process. Pass an array, or a ByteBuffer (which travels by value)");
    deny("java.util.concurrent.Executor", "an executor's threads live in this process. Submit"
        + " remote tasks instead");
    deny("java.util.concurrent.Future", "a future completes in this process. Pass its value, or"
        + " an ObjectRef");
    deny("java.util.concurrent.CompletionStage", "a future completes in this process. Pass its"
        + " value, or an ObjectRef");
    deny("java.util.Timer", "a timer runs a thread of this process. Schedule the work inside the"
        + " task");
  }

  private static void deny(String className, String why) {
    NEVER_SENT.put(className, why);
  }

  private final Elements elements;

  Sendability(Elements elements) {
    this.elements = elements;
  }

  /** Why a value of this type, or of a type inside it, can never be sent; empty if it can. */
  Optional<String> whyNot(TypeMirror type) {
    return switch (type.getKind()) {
      case ARRAY -> whyNot(((ArrayType) type).getComponentType());
      case WILDCARD -> {
        TypeMirror bound = ((WildcardType) type).getExtendsBound();
        yield bound == null ? Optional.empty() : whyNot(bound);
      }
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        Optional<String> why = whyNot((TypeElement) declared.asElement());
        for (TypeMirror argument : declared.getTypeArguments()) {
          if (why.isEmpty()) {
            why = whyNot(argument);
          }
        }
        yield why;
      }
      default -> Optional.empty();
    };
  }

  private Optional<String> whyNot(TypeElement type) {
    Deque<TypeElement> queue = new ArrayDeque<>();
    Set<TypeElement> seen = new HashSet<>();
    queue.add(type);
    while (!queue.isEmpty()) {
      TypeElement next = queue.removeFirst();
      if (!seen.add(next)) {
        continue;
      }
      String name = next.getQualifiedName().toString();
      if (name.equals("java.nio.ByteBuffer")) {
        return Optional.empty(); // travels by value, heap or direct (the runtime copies its bytes)
      }
      String why = NEVER_SENT.get(name);
      if (why != null) {
        String what = next.equals(type) ? name : type.getQualifiedName() + " (a " + name + ")";
        return Optional.of(Messages.notSendable(what, why));
      }
      addSupertype(next.getSuperclass(), queue);
      next.getInterfaces().forEach(parent -> addSupertype(parent, queue));
    }
    return Optional.empty();
  }

  private static void addSupertype(TypeMirror parent, Deque<TypeElement> queue) {
    if (parent.getKind() == TypeKind.DECLARED) {
      queue.addLast((TypeElement) ((DeclaredType) parent).asElement());
    }
  }

  /**
   * Whether the type is a functional interface that is not {@code Serializable}: a lambda passed
   * for it cannot be rebuilt in another process.
   */
  boolean isPlainFunctionalInterface(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    if (element.getKind() != ElementKind.INTERFACE || isSerializable(element)) {
      return false;
    }
    int abstractMethods = 0;
    for (ExecutableElement method
        : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      if (method.getModifiers().contains(Modifier.ABSTRACT) && !isObjectMethod(method)) {
        abstractMethods++;
      }
    }
    return abstractMethods == 1;
  }

  private boolean isSerializable(TypeElement type) {
    TypeElement serializable = elements.getTypeElement("java.io.Serializable");
    Deque<TypeElement> queue = new ArrayDeque<>();
    queue.add(type);
    while (!queue.isEmpty()) {
      TypeElement next = queue.removeFirst();
      if (next.equals(serializable)) {
        return true;
      }
      next.getInterfaces().forEach(parent -> addSupertype(parent, queue));
    }
    return false;
  }

  /** Whether an interface's abstract method is one of Object's, which a lambda need not give. */
  private static boolean isObjectMethod(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    return switch (method.getParameters().size()) {
      case 0 -> name.equals("hashCode") || name.equals("toString");
      case 1 -> name.equals("equals")
          && TypeFacts.erasedName(method.getParameters().get(0).asType())
              .equals(Object.class.getName());
      default -> false;
    };
  }
}
