package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.Tuning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An actor host that dies while it holds replies back (its result stored, or a small one copied
 * into its held values, its TASK_DONE not yet written): what it left stands. Each test queues
 * calls behind a gate in the host, so that the replies before the fatal call wait to go with
 * later ones.
 */
class HeldRepliesIT {
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    // A reply held back otherwise goes after a millisecond, which a loaded machine may take
    // between two calls: the held replies would then reach the driver, and prove nothing.
    Ray.init(RayConfig.builder().numCpus(1)
        .tuning(Tuning.builder().lateFrameDelay(Duration.ofSeconds(1)).build()).build());
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void aCallWhoseResultIsStoredDoesNotRunAgainWhenItsHostDiesBeforeReplying() throws Exception {
    Path gate = dir.resolve("gate");
    Path log = dir.resolve("log");
    Actors_JournalRemote journal =
        Actors_JournalRemote.options().maxRestarts(1).maxTaskRetries(1).create();
    long pid = Ray.get(journal.haltIn(0), Duration.ofSeconds(60));
    ObjectRef<String> first = journal.recordAfter(gate.toString(), log.toString(), "first");
    ObjectRef<Long> dying = journal.haltIn(pid);
    List<ObjectRef<String>> behind = recordBehind(journal, log);
    openGate(gate, behind);
    assertNotEquals(pid, Ray.get(dying, Duration.ofSeconds(60))); // ran on the restarted host
    assertEquals("first", Ray.get(first, Duration.ofSeconds(60)));
    assertEquals(List.of("behind0", "behind1", "behind2", "behind3"),
        Ray.get(behind, Duration.ofSeconds(60)));
    assertEquals(List.of("first", "behind0", "behind1", "behind2", "behind3"),
        Files.readAllLines(log), "each call ran once");
    Ray.kill(journal);
  }

  @Test
  void refsInAResultStoredBeforeItsHostDiedStillReadBack() throws Exception {
    Path gate = dir.resolve("gate");
    Actors_JournalRemote journal =
        Actors_JournalRemote.options().maxRestarts(1).maxTaskRetries(1).create();
    long pid = Ray.get(journal.haltIn(0), Duration.ofSeconds(60));
    journal.awaitFile(gate.toString());
    ObjectRef<List<ObjectRef<String>>> wrapped = journal.wrap("inner");
    ObjectRef<Long> dying = journal.haltIn(pid);
    openGate(gate, recordBehind(journal, dir.resolve("log")));
    // The restarted host answers long after the driver has let go of what the dead one held; the
    // result is read only then, so that this process's own ref cannot keep the inner object.
    assertNotEquals(pid, Ray.get(dying, Duration.ofSeconds(60)));
    List<ObjectRef<String>> inner = Ray.get(wrapped, Duration.ofSeconds(60));
    assertEquals("inner", Ray.get(inner.get(0), Duration.ofSeconds(10)));
    Ray.kill(journal);
  }

  private static List<ObjectRef<String>> recordBehind(Actors_JournalRemote journal, Path log) {
    List<ObjectRef<String>> behind = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      behind.add(journal.record(log.toString(), "behind" + i));
    }
    return behind;
  }

  /**
   * Opens the gate once the calls behind it have left the driver (a wait writes the calls it
   * holds back), so that they queue in the host while the gate's call runs.
   */
  private static void openGate(Path gate, List<ObjectRef<String>> behind) throws IOException {
    Ray.wait(List.of(behind.get(behind.size() - 1)), 1, Duration.ofMillis(1));
    Files.createFile(gate);
  }
}
