package io.jray.internal.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.store.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver's own small values: kept, stored once when asked, forgotten when freed. */
class OwnedValuesTest {
  private final List<Long> puts = new ArrayList<>();
  private final OwnedValues owned = new OwnedValues((id, value) -> puts.add(id));

  @Test
  void aKeptValueIsStoredOnceHoweverOftenAWorkerNeedsIt() {
    owned.keep(1, new byte[] {1});
    assertEquals(1, owned.count());
    assertTrue(owned.storeIfKept(1));
    assertTrue(owned.storeIfKept(1));
    assertEquals(List.of(1L), puts);
    assertArrayEquals(new byte[] {1}, owned.copy(1), "stored, and still read from memory");
    assertEquals(0, owned.count(), "the store lists it now");
    assertEquals(List.of(), owned.list(0, 10));
  }

  @Test
  void aCopyOfAStoredValueIsReadHereButNeitherStoredAgainNorListed() {
    owned.keepStoredCopy(6, new byte[] {6});
    assertArrayEquals(new byte[] {6}, owned.copy(6));
    assertTrue(owned.storeIfKept(6));
    assertEquals(List.of(), puts, "stored again");
    assertEquals(0, owned.count(), "the store lists it");
    assertEquals(List.of(), owned.list(0, 10));
    assertTrue(owned.forget(6), "the store has it: it must be deleted there");
    assertNull(owned.copy(6));
  }

  @Test
  void aValueThatIsNotKeptIsNeitherStoredNorFound() {
    assertFalse(owned.storeIfKept(7));
    assertNull(owned.copy(7));
    assertFalse(owned.has(7));
    assertEquals(List.of(), puts);
  }

  @Test
  void aStoreThatRefusesTheValueLeavesItKeptAndThrowsNothing() {
    OwnedValues refused = new OwnedValues((id, value) -> {
      throw new IllegalStateException("store full");
    });
    refused.keep(3, new byte[] {3});
    assertTrue(refused.storeIfKept(3), "kept, so ready: the worker's read says it is gone");
    assertEquals(1, refused.count(), "listed as the driver's still");
    assertArrayEquals(new byte[] {3}, refused.copy(3));
  }

  @Test
  void aFreedValueGoesAndIsNeverStored() {
    owned.keep(2, new byte[] {2});
    assertFalse(owned.forget(2), "the store never had it: no delete is needed");
    assertNull(owned.copy(2));
    assertFalse(owned.storeIfKept(2));
    assertEquals(List.of(), puts);
    assertEquals(0, owned.count());
  }

  @Test
  void aFreedValueThatWasStoredOrNeverKeptIsTheStoresToDelete() {
    owned.keep(4, new byte[] {4});
    owned.storeIfKept(4);
    assertTrue(owned.forget(4));
    assertTrue(owned.forget(5), "not kept here: the store may have it");
  }

  @Test
  void theListingPagesThroughTheValuesTheStoreDoesNotHave() {
    for (long id = 10; id < 15; id++) {
      owned.keep(id, new byte[(int) id]);
    }
    owned.storeIfKept(12);
    assertEquals(4, owned.count());
    List<ObjectStore.Listing> first = owned.list(0, 3);
    List<ObjectStore.Listing> rest = owned.list(3, 3);
    assertEquals(3, first.size());
    assertEquals(1, rest.size());
    List<Long> ids = new ArrayList<>();
    first.forEach(listing -> ids.add(listing.id()));
    rest.forEach(listing -> ids.add(listing.id()));
    assertFalse(ids.contains(12L), "a stored value listed as the driver's");
    for (ObjectStore.Listing listing : first) {
      assertEquals(listing.id(), listing.size(), "its size is its value's length");
    }
    owned.clear();
    assertEquals(0, owned.count());
    assertNull(owned.copy(10));
  }
}
