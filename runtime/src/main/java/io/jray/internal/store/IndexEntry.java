package io.jray.internal.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The index's value for one object, as bytes: {@code kind, flags, int length}, then the object's
 * bytes (kind INLINE) or the nonce of its file (kind IN_FILE). One array, built once, so a small
 * put copies the caller's bytes once on the heap and once into the map.
 */
final class IndexEntry {
  static final int HEADER = 6;
  static final int FILE_ENTRY = HEADER + Long.BYTES;
  private static final byte INLINE = 0;
  private static final byte IN_FILE = 1;

  private IndexEntry() {}

  /** An inline entry whose object bytes, still zero, are {@link #payload}. */
  static byte[] inline(byte flags, int length) {
    byte[] entry = new byte[HEADER + length];
    header(entry, INLINE, flags, length);
    return entry;
  }

  static byte[] inFile(byte flags, int length, long nonce) {
    byte[] entry = new byte[FILE_ENTRY];
    header(entry, IN_FILE, flags, length).putLong(HEADER, nonce);
    return entry;
  }

  /** The object bytes of an inline entry: a writable view, positioned at 0, limit = length. */
  static ByteBuffer payload(byte[] entry) {
    return ByteBuffer.wrap(entry, HEADER, length(entry)).slice();
  }

  static boolean inFile(byte[] entry) {
    return entry[0] == IN_FILE;
  }

  static byte flags(byte[] entry) {
    return entry[1];
  }

  static int length(byte[] entry) {
    return view(entry).getInt(2);
  }

  static long nonce(byte[] entry) {
    return view(entry).getLong(HEADER);
  }

  private static ByteBuffer header(byte[] entry, byte kind, byte flags, int length) {
    entry[0] = kind;
    entry[1] = flags;
    return view(entry).putInt(2, length);
  }

  private static ByteBuffer view(byte[] entry) {
    return ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN);
  }
}
