package io.jray.internal.protocol;

import java.io.DataInputStream;
import java.io.IOException;

/** Lists of object or task ids inside frames: {@code int count, long id...}. */
public final class IdLists {
  private IdLists() {}

  /** Reads a list; a count that the frame's remaining bytes cannot hold is malformed. */
  public static long[] read(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > in.available() / 8) {
      throw new IOException("malformed id list of " + count);
    }
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = in.readLong();
    }
    return ids;
  }
}
