package io.jray.processor;

import io.jray.processor.ActorDeclaration.Member;
import io.jray.processor.ValidationReport.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Keeps stubs of different user overloads from clashing. A ref parameter erases to {@code
 * ObjectRef}, so {@code f(String)} and {@code f(Integer)} would both give {@code f(ObjectRef)}:
 * such stubs are left out for both overloads, with a warning on each that says which parameters
 * cannot take a ref and why.
 */
final class RefOverloads {
  private final TypeElement owner;
  private final List<Member> methods;
  private final List<CallModel> tasks;

  /** {@code methods} and {@code tasks}: the user's elements and their calls, index for index. */
  RefOverloads(TypeElement owner, List<Member> methods, List<CallModel> tasks) {
    this.owner = owner;
    this.methods = methods;
    this.tasks = tasks;
  }

  /** The masks each task keeps, in the order of {@code tasks}. */
  List<List<Integer>> plan(ValidationReport report) {
    Map<String, List<int[]>> stubsByErasure = new LinkedHashMap<>();
    for (int task = 0; task < tasks.size(); task++) {
      for (int mask : tasks.get(task).refMasks()) {
        stubsByErasure.computeIfAbsent(erasure(tasks.get(task), mask), key -> new ArrayList<>())
            .add(new int[] {task, mask});
      }
    }
    List<List<Integer>> kept = new ArrayList<>();
    for (CallModel task : tasks) {
      kept.add(new ArrayList<>(task.refMasks()));
    }
    // blocked.get(task).get(other): the parameters of task that cannot be refs because of other
    List<Map<Integer, Integer>> blocked = new ArrayList<>();
    tasks.forEach(task -> blocked.add(new LinkedHashMap<>()));
    for (List<int[]> stubs : stubsByErasure.values()) {
      for (int[] stub : stubs) {
        for (int[] other : stubs) {
          if (other[0] != stub[0]) {
            kept.get(stub[0]).remove(Integer.valueOf(stub[1]));
            blocked.get(stub[0]).merge(
                other[0], stub[1] & differing(tasks.get(stub[0]), tasks.get(other[0])),
                (a, b) -> a | b);
          }
        }
      }
    }
    for (int task = 0; task < tasks.size(); task++) {
      for (Map.Entry<Integer, Integer> entry : blocked.get(task).entrySet()) {
        if (entry.getValue() == 0) {
          continue; // the all-values stubs clash: the user's overloads do too, and javac says so
        }
        report.warning(message(tasks.get(task), entry.getValue(),
            methods.get(entry.getKey()).element()), Site.of(owner, methods.get(task).element()));
      }
    }
    return kept;
  }

  private static String erasure(CallModel task, int mask) {
    StringJoiner erasure = new StringJoiner(",", task.name() + "(", ")");
    for (int i = 0; i < task.parameters().size(); i++) {
      erasure.add(CallModel.isRef(mask, i)
          ? ModelFactory.OBJECT_REF.canonicalName()
          : task.parameters().get(i).erasedName());
    }
    return erasure.toString();
  }

  /** The parameters whose erased types differ between two overloads of the same arity. */
  private static int differing(CallModel task, CallModel other) {
    int bits = 0;
    for (int i = 0; i < task.parameters().size(); i++) {
      if (!task.parameters().get(i).erasedName()
          .equals(other.parameters().get(i).erasedName())) {
        bits |= 1 << i;
      }
    }
    return bits;
  }

  private static String message(CallModel task, int parameters, ExecutableElement overload) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < task.parameters().size(); i++) {
      if (CallModel.isRef(parameters, i)) {
        names.add(task.parameters().get(i).name());
      }
    }
    int last = names.size() - 1;
    String joined = last == 0 ? names.get(0)
        : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
    return Messages.refOverloadClash(joined, names.size(), ModelFactory.describe(overload));
  }
}
