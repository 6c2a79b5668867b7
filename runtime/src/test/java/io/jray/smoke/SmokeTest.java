package io.jray.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jray.ObjectRef;
import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @BeforeAll
  static void start() {
    Ray.init(RayConfig.builder().numCpus(2).build());
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  void addsInAnotherProcess() {
    assertEquals(5L, Ray.get(HandStubs.add(2L, 3L)));
    assertNotEquals(ProcessHandle.current().pid(), Ray.get(HandStubs.pid()));
    ObjectRef<Long> two = Ray.put(2L);
    assertEquals(4L, Ray.get(HandStubs.add(two, two)));
  }

  @Test
  void manyTasks() {
    List<ObjectRef<Long>> refs = new ArrayList<>();
    for (long i = 0; i < 2000; i++) {
      refs.add(HandStubs.add(i, 1L));
    }
    List<Long> values = Ray.get(refs);
    for (int i = 0; i < 2000; i++) {
      assertEquals(i + 1L, values.get(i));
    }
  }

  @Test
  void failure() {
    TaskFailedException e = assertThrows(TaskFailedException.class,
        () -> Ray.get(HandStubs.fail("boom")));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals("boom", e.getCause().getMessage());
  }

  @Test
  void nested() {
    assertEquals(16L, Ray.get(HandStubs.nested(4)));
  }
}
