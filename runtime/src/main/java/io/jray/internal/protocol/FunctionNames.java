package io.jray.internal.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names every spec carries (its function's id and display name), in {@code writeUTF}'s form,
 * encoded once and decoded once per process. {@code writeUTF} and {@code readUTF} walk a name
 * char by char on every call, and a fresh JVM runs that interpreted for its first thousand calls:
 * it was the largest part of the driver's own work in writing a spec. A program has few such
 * names: past {@link #MAX_KEPT} kept encodings the rest are encoded at every write, and a read
 * keeps the latest name of each of {@link #READ_SLOTS} slots.
 */
final class FunctionNames {
  private static final int MAX_KEPT = 4096;
  /** Decoded names by a hash of their bytes; a slot holds its latest name. */
  private static final int READ_SLOTS = 256;

  /** A name's bytes as {@code writeUTF} writes them: the two bytes of length, then its UTF. */
  private static final ConcurrentHashMap<String, byte[]> ENCODED = new ConcurrentHashMap<>();
  private static final Decoded[] DECODED = new Decoded[READ_SLOTS];

  private record Decoded(byte[] utf, String name) {}

  private FunctionNames() {}

  /** Writes {@code name} exactly as {@code out.writeUTF(name)} would. */
  static void write(DataOutputStream out, String name) throws IOException {
    byte[] encoded = ENCODED.get(name);
    if (encoded == null) {
      encoded = encode(name);
      if (ENCODED.size() < MAX_KEPT) {
        ENCODED.putIfAbsent(name, encoded);
      }
    }
    out.write(encoded);
  }

  /**
   * Reads a name written by {@link #write} (or by {@code writeUTF}), checked as
   * {@link Wire#readString} checks it; a name read before is the same String again.
   */
  static String read(DataInputStream in) throws IOException {
    in.mark(2 + 0xFFFF); // a payload is in memory: reset goes back over the whole name
    byte[] utf = new byte[Wire.readStringLength(in)];
    in.readFully(utf);
    int slot = slotOf(utf);
    Decoded kept = DECODED[slot];
    if (kept != null && Arrays.equals(kept.utf, utf)) {
      return kept.name;
    }
    in.reset();
    String name = in.readUTF();
    // Racy but safe: a record's fields are final, so a reader sees a whole one or the last.
    DECODED[slot] = new Decoded(utf, name);
    return name;
  }

  /** A few bytes' worth of hash: names of one program differ in length or near their ends. */
  private static int slotOf(byte[] utf) {
    int n = utf.length;
    int hash = n;
    if (n > 0) {
      hash = hash * 31 + utf[n - 1];
      hash = hash * 31 + utf[n / 2];
      hash = hash * 31 + utf[n - 1 - n / 4];
    }
    return (hash ^ (hash >>> 8)) & (READ_SLOTS - 1);
  }

  private static byte[] encode(String name) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length() + 2);
    new DataOutputStream(bytes).writeUTF(name);
    return bytes.toByteArray();
  }
}
