package io.jray.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.internal.store.ObjectStore.Listing;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ObjectStoreListingTest {
  private final TestSessions sessions = new TestSessions();
  private ObjectStore store;

  @AfterEach
  void removeStore() throws Exception {
    if (store != null) {
      store.close();
    }
    sessions.close();
  }

  @Test
  void listsEveryObjectOnceWithItsSizeAndPlacePagedWithoutCopies() throws Exception {
    store = ObjectStore.create(sessions.newSessionDir(), 64 << 20);
    for (long id = 1; id <= 50; id++) {
      store.put(id, (byte) (id == 7 ? 1 : 0), new byte[(int) id * 10]);
    }
    store.put(1000, (byte) 0, new byte[ObjectStore.INLINE_THRESHOLD + 1]);

    Map<Long, Listing> seen = new HashMap<>();
    for (int offset = 0; offset < 60; offset += 16) {
      for (Listing listing : store.list(offset, 16)) {
        assertFalse(seen.containsKey(listing.id()), "listed twice: " + listing);
        seen.put(listing.id(), listing);
      }
    }
    assertEquals(51, seen.size());
    assertEquals(new Listing(30, 300, false, (byte) 0), seen.get(30L));
    assertEquals(1, seen.get(7L).flags());
    assertTrue(seen.get(1000L).inFile());
    assertEquals(ObjectStore.INLINE_THRESHOLD + 1, seen.get(1000L).size());
    assertEquals(List.of(), store.list(51, 10));
    assertEquals(5, store.list(0, 5).size());
    Set<Long> firstPage = new HashSet<>();
    store.list(0, 5).forEach(listing -> firstPage.add(listing.id()));
    assertEquals(5, firstPage.size());
  }
}
