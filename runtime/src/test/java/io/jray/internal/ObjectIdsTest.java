package io.jray.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ObjectIdsTest {
  @Test
  void theDriversIdsAreInSlotZeroAndAJobHostsInItsOwn() {
    assertEquals(ObjectIds.DRIVER_TAG, ObjectIds.runtimeTagOf(0));
    long driverId = new ObjectIds(ObjectIds.runtimeTagOf(0)).next();
    assertEquals(0, ObjectIds.slotOf(driverId));

    int jobHost = ObjectIds.runtimeTagOf(5);
    long hostId = new ObjectIds(jobHost).next();
    long hostWorkerId = new ObjectIds(jobHost + 1).next();
    assertEquals(5, ObjectIds.slotOf(hostId));
    assertEquals(5, ObjectIds.slotOf(hostWorkerId));
    assertNotEquals(hostId, driverId, "two runtimes of a job made the same id");
    assertEquals(jobHost + 1, ObjectIds.processTagOf(hostWorkerId));
  }

  @Test
  void theLastSlotStillMakesValidIdsAndOneMoreIsRefused() {
    int last = ObjectIds.MAX_SLOTS - 1;
    long id = new ObjectIds(ObjectIds.runtimeTagOf(last) + 0xfffe).next();
    assertEquals(last, ObjectIds.slotOf(id));
    assertThrows(IllegalArgumentException.class, () -> ObjectIds.runtimeTagOf(ObjectIds.MAX_SLOTS));
    assertThrows(IllegalArgumentException.class, () -> ObjectIds.runtimeTagOf(-1));
  }
}
