package io.jray.internal.serialization;

import com.esotericsoftware.kryo.util.MapReferenceResolver;
import java.util.Arrays;

/**
 * Kryo's table of objects written so far, with the first few in a small array: most values are
 * small graphs, and for them this skips hashing, and the reset that filled the whole identity
 * map after every value. Ids stay Kryo's (0, 1, 2... in writing order), so the reading side is
 * Kryo's own.
 */
final class SmallGraphReferences extends MapReferenceResolver {
  private static final int SMALL = 8;

  private final Object[] first = new Object[SMALL];
  private int written;

  @Override
  public int getWrittenId(Object object) {
    int inArray = Math.min(written, SMALL);
    for (int id = 0; id < inArray; id++) {
      if (first[id] == object) {
        return id;
      }
    }
    return written > SMALL ? super.getWrittenId(object) : -1;
  }

  @Override
  public int addWrittenObject(Object object) {
    int id = written++;
    if (id < SMALL) {
      first[id] = object;
    } else {
      writtenObjects.put(object, id);
    }
    return id;
  }

  @Override
  public void reset() {
    Arrays.fill(first, 0, Math.min(written, SMALL), null);
    written = 0;
    super.reset(); // cheap when nothing went into the map
  }
}
