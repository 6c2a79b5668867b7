package io.jray.benchmarks;

import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.Tuning;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * One driver session of {@link ActorFleet}, in a fresh JVM: {@code Ray.init}, the task pool up,
 * then N {@link Counter} actors, one after another ({@code oneByOne}: each create waits for its
 * first call's answer) or all at once ({@code atOnce}: every create, then one call to each, then
 * the wait for all). Once they are idle, the memory of every process of the session: this JVM and
 * all its descendants. Prints {@code RESULT} lines for its owner:
 *
 * <ul>
 *   <li>{@code RESULT base <processes> <rss> <pss> <uss> <cpu>}: the session before any actor
 *       (kB; CPU ms);
 *   <li>{@code RESULT first|nth|median <ms>} (one by one) or {@code RESULT atOnce <ms>};
 *   <li>{@code RESULT idle <processes> <rss> <pss> <uss> <cpu>}: the session with N idle actors;
 *   <li>{@code RESULT host <processes> <rss> <pss> <uss> <cpu> <mapping the archive> <hosts>}:
 *       the median of the processes that the actors brought (their host JVMs), how many of them
 *       map the workers' class-data archive, and how many there are;
 *   <li>{@code RESULT left <processes>}: descendants still alive 30 s after {@code Ray.shutdown}
 *       (ended here by pid).
 * </ul>
 *
 * <p>Arguments: {@code oneByOne|atOnce N settleMillis [--no-cds] [worker JVM option…]}.
 */
public final class FleetSession {
  /** The argument that turns the workers' class-data archive off (Tuning). */
  static final String NO_CDS = "--no-cds";

  private FleetSession() {}

  /**
   * Runs one session and prints its {@code RESULT} lines.
   *
   * @param args {@code oneByOne|atOnce N settleMillis [--no-cds] [worker JVM option…]}
   * @throws InterruptedException if interrupted while the JVMs settle
   */
  public static void main(String[] args) throws InterruptedException {
    boolean atOnce = args[0].equals("atOnce");
    int n = Integer.parseInt(args[1]);
    long settleMillis = Long.parseLong(args[2]);
    RayConfig.Builder config = RayState.builder().includeDashboard(false);
    for (int i = 3; i < args.length; i++) {
      if (args[i].equals(NO_CDS)) {
        config.tuning(Tuning.builder().workerClassDataSharing(false).build());
      } else {
        config.addWorkerJvmOption(args[i]);
      }
    }
    Ray.init(config.build());
    List<CounterRemote> actors = new ArrayList<>();
    try {
      Ray.get(NoopsRemote.noop()); // the task pool up: what follows is the actors' own cost
      Thread.sleep(settleMillis);
      Set<Long> before = descendants();
      result("base " + session(before).fields());
      if (atOnce) {
        allAtOnce(n, actors);
      } else {
        oneByOne(n, actors);
      }
      Thread.sleep(settleMillis); // answered; now let their JVMs go quiet
      Set<Long> all = descendants();
      result("idle " + session(all).fields());
      List<Long> hosts = all.stream().filter(pid -> !before.contains(pid)).toList();
      long archived = hosts.stream().filter(ProcSample::mapsWorkerArchive).count();
      result("host " + median(hosts).fields() + " " + archived + " " + hosts.size());
      actors.forEach(Ray::kill);
    } finally {
      Ray.shutdown();
    }
    result("left " + endLeftovers());
  }

  private static void oneByOne(int n, List<CounterRemote> actors) {
    double[] millis = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      CounterRemote actor = CounterRemote.create();
      Ray.get(actor.increment());
      millis[i] = (System.nanoTime() - start) / 1e6;
      actors.add(actor);
      if ((i + 1) % 25 == 0) {
        System.out.printf("actor %d: %.0f ms%n", i + 1, millis[i]);
      }
    }
    result(String.format("first %.3f", millis[0]));
    result(String.format("nth %.3f", millis[n - 1]));
    result(String.format("median %.3f", Stats.of(millis).median()));
  }

  private static void allAtOnce(int n, List<CounterRemote> actors) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      actors.add(CounterRemote.create());
    }
    Ray.get(actors.stream().map(CounterRemote::increment).toList());
    result(String.format("atOnce %.3f", (System.nanoTime() - start) / 1e6));
  }

  /** This JVM and these processes. */
  private static ProcSample session(Set<Long> descendants) {
    return ProcSample.of(ProcessHandle.current().pid()).plus(ProcSample.sum(descendants));
  }

  /** The median of each figure over these processes; their count as processes. */
  private static ProcSample median(List<Long> pids) {
    List<ProcSample> each = pids.stream().map(ProcSample::of).toList();
    return new ProcSample(each.size(), median(each, ProcSample::rssKb),
        median(each, ProcSample::pssKb), median(each, ProcSample::ussKb),
        median(each, ProcSample::cpuMillis));
  }

  private static long median(List<ProcSample> each, ToLongFunction<ProcSample> figure) {
    List<Long> sorted = each.stream().map(figure::applyAsLong).sorted(Comparator.naturalOrder())
        .toList();
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  private static Set<Long> descendants() {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  /** Waits up to 30 s for every descendant to exit; ends the rest by pid and counts them. */
  static int endLeftovers() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!descendants().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Set<Long> left = descendants();
    left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    return left.size();
  }

  private static void result(String line) {
    System.out.println("RESULT " + line);
    System.out.flush();
  }
}
