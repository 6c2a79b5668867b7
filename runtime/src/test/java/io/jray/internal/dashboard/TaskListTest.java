package io.jray.internal.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jray.internal.dashboard.TaskTable.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskListTest {
  private static Task task(long id) {
    return new Task(id, "f", 1, Instant.EPOCH);
  }

  private static List<Long> ids(TaskList list) {
    List<Long> ids = new ArrayList<>();
    list.forEach(task -> ids.add(task.id));
    return ids;
  }

  @Test
  void keepsTheOrderTasksEnteredIn() {
    TaskList list = new TaskList();
    Task a = task(1);
    Task b = task(2);
    Task c = task(3);
    list.add(a);
    list.add(b);
    list.add(c);
    list.add(a);
    assertEquals(List.of(1L, 2L, 3L), ids(list), "adding a task that is in it moves nothing");
    list.remove(b);
    assertEquals(List.of(1L, 3L), ids(list));
    list.remove(a);
    list.remove(c);
    assertEquals(List.of(), ids(list));
    assertEquals(0, list.size());
    assertNull(list.first());
    list.add(b);
    assertEquals(List.of(2L), ids(list));
  }

  @Test
  void aTaskIsInOneListAtATime() {
    TaskList pending = new TaskList();
    TaskList running = new TaskList();
    Task a = task(1);
    Task b = task(2);
    pending.add(a);
    pending.add(b);
    running.add(a);
    assertEquals(List.of(2L), ids(pending));
    assertEquals(List.of(1L), ids(running));
    pending.remove(a); // not in it: nothing happens
    assertEquals(1, running.size());
    assertEquals(1, pending.size());
  }

  @Test
  void anActionMayMoveTheTaskItIsGiven() {
    TaskList running = new TaskList();
    TaskList pending = new TaskList();
    for (long id = 1; id <= 5; id++) {
      running.add(task(id));
    }
    running.forEach(task -> {
      if (task.id % 2 == 1) {
        pending.add(task);
      }
    });
    assertEquals(List.of(2L, 4L), ids(running));
    assertEquals(List.of(1L, 3L, 5L), ids(pending));
  }
}
