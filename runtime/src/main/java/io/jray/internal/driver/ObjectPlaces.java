package io.jray.internal.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a cluster driver's task results are: the slot of the job host that made each one. Written
 * by the core under its lock, read by anyone (a get that pulls a result home, a free that tells its
 * job host), so it is a concurrent map of its own.
 */
final class ObjectPlaces {
  private final Map<Long, Integer> slots = new ConcurrentHashMap<>();

  void put(long id, int slot) {
    slots.put(id, slot);
  }

  /** The slot that holds the object, or -1 when it is not in a job host. */
  int slotOf(long id) {
    Integer slot = slots.get(id);
    return slot == null ? -1 : slot;
  }

  /** Forgets the object's place (it was freed); returns the slot it was in, or -1. */
  int remove(long id) {
    Integer slot = slots.remove(id);
    return slot == null ? -1 : slot;
  }

  /** Forgets every object of the slot (its node is gone); returns their ids. */
  List<Long> removeSlot(int slot) {
    List<Long> gone = new ArrayList<>();
    slots.entrySet().removeIf(entry -> {
      if (entry.getValue() == slot) {
        gone.add(entry.getKey());
        return true;
      }
      return false;
    });
    return gone;
  }
}
