package io.jray.it;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayException;
import io.jray.annotations.Remote;
import java.util.ArrayList;
import java.util.List;

/** Actor classes as a user writes them; the processor generates their handles. */
public final class Actors {
  private Actors() {}

  /** A counter with a log of what it was told, to check order and state. */
  @Remote
  public static class Counter {
    private long value;
    private final List<String> log = new ArrayList<>();

    public Counter() {}

    public Counter(long start) {
      if (start < 0) {
        throw new IllegalArgumentException("a counter cannot start below zero: " + start);
      }
      value = start;
    }

    public long add(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("cannot add " + n);
      }
      value += n;
      return value;
    }

    public long get() {
      return value;
    }

    public void note(String entry) {
      log.add(entry);
    }

    public List<String> log() {
      return log;
    }

    public long pid() {
      return ProcessHandle.current().pid();
    }

    public long exit(int code) {
      System.exit(code);
      return -1;
    }

    public long sleep(long millis) throws InterruptedException {
      Thread.sleep(millis);
      return value;
    }
  }

  /** Calls another actor through a handle it was given. */
  @Remote
  public static class Forwarder {
    private final Actors_CounterRemote target;

    public Forwarder(Actors_CounterRemote target) {
      this.target = target;
    }

    /** Notes each entry on the target in order, then returns the target's log. */
    public List<String> noteAll(List<String> entries) {
      for (String entry : entries) {
        target.note(entry);
      }
      return Ray.get(target.log());
    }
  }

  /** A task that uses an actor handle it was given. */
  @Remote
  public static long addFromTask(Actors_CounterRemote counter, long n) {
    ObjectRef<Long> result = counter.add(n);
    return Ray.get(result);
  }

  @Remote
  public static long twice(long n) {
    return 2 * n;
  }

  /**
   * Asks the driver from inside a task: creates an anonymous and a named counter, finds the
   * named one, and returns what each call gave and what a lookup of a missing name said.
   */
  @Remote
  public static List<String> actorsFromTask(String name) {
    Actors_CounterRemote anonymous = Actors_CounterRemote.create(5);
    long fromAnonymous = Ray.get(anonymous.add(1));
    Ray.kill(anonymous);
    Actors_CounterRemote.options().name(name).create(40);
    long fromNamed = Ray.get(Actors_CounterRemote.getActor(name).add(2));
    String refusal;
    try {
      Actors_CounterRemote.getActor("nobody");
      refusal = "found";
    } catch (RayException e) {
      refusal = e.getMessage();
    }
    return List.of(Long.toString(fromAnonymous), Long.toString(fromNamed), refusal);
  }
}
