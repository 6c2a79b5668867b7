package io.jray.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The values of replies an actor's host holds back, as the driver finds them after its death. */
class HeldValuesTest {
  @TempDir Path dir;

  @Test
  void theDriverFindsEachSlotsLatestValueAndTheFileGoes() {
    Path file = HeldValues.file(dir, 7);
    HeldValues held = HeldValues.of(file, 3);
    assertFalse(Files.exists(file), "made before a value was held");

    assertTrue(held.put(0, 100, new byte[] {1}));
    assertTrue(held.put(1, 101, new byte[] {2, 2}));
    assertTrue(held.put(0, 102, new byte[0])); // the slot's reply went: it takes the next

    Map<Long, byte[]> found = HeldValues.takeFrom(file);
    assertEquals(Set.of(101L, 102L), found.keySet());
    assertArrayEquals(new byte[] {2, 2}, found.get(101L));
    assertArrayEquals(new byte[0], found.get(102L));
    assertFalse(Files.exists(file), "left behind");
  }

  @Test
  void aValueThatDoesNotFitOrASlotBeyondTheLastIsTheStoresToKeep() {
    HeldValues held = HeldValues.of(HeldValues.file(dir, 8), 2);
    assertFalse(held.put(0, 1, new byte[HeldValues.MAX_VALUE_BYTES + 1]));
    assertFalse(held.put(2, 2, new byte[] {1}));
    assertTrue(held.put(1, 3, new byte[HeldValues.MAX_VALUE_BYTES]));
    assertEquals(Set.of(3L), HeldValues.takeFrom(HeldValues.file(dir, 8)).keySet());
  }

  @Test
  void aHostThatHeldNothingLeavesNothingToFind() {
    assertEquals(Map.of(), HeldValues.takeFrom(HeldValues.file(dir, 9)));
  }

  @Test
  void aHostThatCannotMakeTheFileHasItsValuesStored() {
    HeldValues held = HeldValues.of(dir.resolve("missing-folder").resolve("held-1"), 2);
    assertFalse(held.put(0, 1, new byte[] {1}));
  }
}
