package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.RayException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tasks nested deeper than the pool has workers: the pool grows while memory allows, and where
 * it may not grow, the wait fails with an error that says why instead of hanging.
 */
class NestingIT {
  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  @Test
  void nestingDeeperThanTheOldFixedCapCompletes() {
    // One CPU: the old cap was numCpus * 4 + 16 = 20 workers.
    Ray.init(RayConfig.builder().numCpus(1).includeDashboard(false).build());
    assertEquals(24L, Ray.get(EndsRemote.chain(24), Duration.ofSeconds(240)));
  }

  @Test
  void wherethePoolMayNotGrowTheWaitFailsAndSaysWhy() {
    Ray.init(RayConfig.builder().numCpus(1).maxWorkers(2).includeDashboard(false).build());
    RayException e = assertThrows(RayException.class,
        () -> Ray.get(EndsRemote.chain(5), Duration.ofSeconds(120)));
    String messages = messages(e);
    assertTrue(messages.contains("cannot start") && messages.contains("maxWorkers (2)"),
        messages);
    // The pool is free again.
    assertEquals(1L, Ray.get(EndsRemote.chain(1), Duration.ofSeconds(60)));
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }
}
