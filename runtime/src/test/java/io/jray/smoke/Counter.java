package io.jray.smoke;

import io.jray.ActorOptions;
import io.jray.ObjectRef;
import io.jray.internal.stub.ActorClass;
import io.jray.internal.stub.ActorConstructor;
import io.jray.internal.stub.ActorMethod;
import io.jray.internal.stub.ActorRef;
import io.jray.internal.stub.ActorStub;
import io.jray.internal.stub.Stubs;

/** An actor and a handle written by hand in the generated shape. */
public final class Counter {
  private long count;

  public Counter(long start) {
    if (start < 0) {
      throw new IllegalArgumentException("negative start " + start);
    }
    count = start;
  }

  public long add(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative " + n);
    }
    count += n;
    return count;
  }

  public long pid() {
    return ProcessHandle.current().pid();
  }

  public long exit() {
    System.exit(7);
    return 0;
  }

  /** The handle, as the processor writes it. */
  public static final class Handle implements ActorStub {
    static final ActorClass<Counter> ACTOR =
        ActorClass.of(Handle.class, "io.jray.smoke.Counter", 0);
    static final ActorConstructor<Counter> NEW =
        ActorConstructor.of(ACTOR, "<init>(long)", args -> new Counter((long) args[0]));
    static final ActorMethod<Counter, Long> ADD =
        ActorMethod.of(ACTOR, "add(long)", (actor, args) -> actor.add((long) args[0]));
    static final ActorMethod<Counter, Long> PID =
        ActorMethod.of(ACTOR, "pid()", (actor, args) -> actor.pid());
    static final ActorMethod<Counter, Long> EXIT =
        ActorMethod.of(ACTOR, "exit()", (actor, args) -> actor.exit());

    private final ActorRef ref;

    private Handle(ActorRef ref) {
      this.ref = ref;
    }

    public static Handle create(long start) {
      return new Handle(Stubs.createActor(NEW, ActorOptions.defaults(), start));
    }

    public static Handle create(ActorOptions options, long start) {
      return new Handle(Stubs.createActor(NEW, options, start));
    }

    public static Handle getActor(String name) {
      return new Handle(Stubs.getActor(ACTOR, name));
    }

    public ObjectRef<Long> add(long n) {
      return Stubs.callActor(ref, ADD, n);
    }

    public ObjectRef<Long> add(ObjectRef<Long> n) {
      return Stubs.callActor(ref, ADD, n);
    }

    public ObjectRef<Long> pid() {
      return Stubs.callActor(ref, PID);
    }

    public ObjectRef<Long> exit() {
      return Stubs.callActor(ref, EXIT);
    }

    @Override
    public ActorRef actorRef() {
      return ref;
    }

    @Override
    public String toString() {
      return ref.toString();
    }
  }
}
