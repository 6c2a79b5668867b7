package io.jray.smoke;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.internal.stub.Stubs;
import io.jray.internal.stub.TaskFunction;

/** Stubs written by hand in the generated shape, so runtime tests need not run the processor. */
public final class HandStubs {
  static final TaskFunction<Long> ADD = TaskFunction.of(HandStubs.class, "add(long,long)",
      "HandStubs.add", 3, args -> (long) args[0] + (long) args[1]);
  static final TaskFunction<Long> PID = TaskFunction.of(HandStubs.class, "pid()",
      "HandStubs.pid", 3, args -> ProcessHandle.current().pid());
  static final TaskFunction<Long> FAIL = TaskFunction.of(HandStubs.class, "fail(String)",
      "HandStubs.fail", 3, args -> {
        throw new IllegalStateException((String) args[0]);
      });
  static final TaskFunction<Long> NESTED = TaskFunction.of(HandStubs.class, "nested(int)",
      "HandStubs.nested", 3, args -> {
        int depth = (int) args[0];
        if (depth == 0) {
          return 1L;
        }
        return Ray.get(nested(depth - 1)) + Ray.get(nested(depth - 1));
      });

  static final TaskFunction<Long> ADD_TO_COUNTER = TaskFunction.of(HandStubs.class,
      "addToCounter(Counter.Handle,long)", "HandStubs.addToCounter", 3,
      args -> Ray.get(((Counter.Handle) args[0]).add((long) args[1])));

  static ObjectRef<Long> addToCounter(Counter.Handle counter, long n) {
    return Stubs.submit(ADD_TO_COUNTER, counter, n);
  }

  static ObjectRef<Long> add(Object a, Object b) {
    return Stubs.submit(ADD, a, b);
  }

  static ObjectRef<Long> pid() {
    return Stubs.submit(PID);
  }

  static ObjectRef<Long> fail(String message) {
    return Stubs.submit(FAIL, message);
  }

  static ObjectRef<Long> nested(int depth) {
    return Stubs.submit(NESTED, depth);
  }
}
