package io.jray.it;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayException;
import io.jray.annotations.Remote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

  /**
   * Leaves marks in files, so that tests can count how often each call ran, and holds its queue
   * behind a gate file, so that the calls after the gate wait in its host and their replies are
   * held back to go together.
   */
  @Remote
  public static class Journal {
    public Journal() {}

    /** Returns once the file exists, or false after 60 s. */
    public boolean awaitFile(String file) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(Paths.get(file))) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(5);
      }
      return true;
    }

    /**
     * Appends the entry once the gate file exists (the calls after it queue meanwhile, so its
     * reply is held back); returns it.
     */
    public String recordAfter(String gate, String file, String entry)
        throws IOException, InterruptedException {
      if (!awaitFile(gate)) {
        throw new IllegalStateException("no gate file " + gate + " within 60 s");
      }
      return record(file, entry);
    }

    /** Appends the entry as a line of the file; returns it. */
    public String record(String file, String entry) throws IOException {
      Files.writeString(Paths.get(file), entry + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      return entry;
    }

    /**
     * Ends the host at once if it is the process with this pid (nothing to load or write first,
     * so that the replies held back are still held); elsewhere returns the host's pid.
     */
    public long haltIn(long pid) {
      long self = ProcessHandle.current().pid();
      if (self == pid) {
        Runtime.getRuntime().halt(21);
      }
      return self;
    }

    /** A value that holds a ref to an object this host put in the store. */
    public List<ObjectRef<String>> wrap(String value) {
      return List.of(Ray.put(value));
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
