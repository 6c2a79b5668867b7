package io.jray.internal.serialization;

import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An Output that takes large byte arrays of the value by reference instead of copying them: the
 * serialized bytes are its buffer's bytes with those arrays spliced in where they were written
 * ({@link #parts}). A 100 MB {@code byte[]} then costs no heap copy and no buffer growth; the store
 * copies it once, into its own memory. Only {@link SplicingByteArraySerializer} splices, and only
 * the value's own arrays, which nothing rewrites while the value is being stored.
 */
final class SplicingOutput extends Output {
  /** Arrays from this size on are spliced; smaller ones cost less to copy than to track. */
  static final int SPLICE_BYTES = 16 * 1024;

  /** For each splice: where in the buffer it goes, and the array. */
  private int[] at = new int[4];
  private byte[][] arrays = new byte[4][];
  private int splices;
  private long splicedBytes;

  SplicingOutput(int bufferSize) {
    super(bufferSize, -1);
  }

  /** Writes array as if with {@link #writeBytes(byte[])}, but by reference when it is large. */
  void writeArray(byte[] array) {
    if (array.length < SPLICE_BYTES) {
      writeBytes(array);
      return;
    }
    if (splices == at.length) {
      at = Arrays.copyOf(at, splices * 2);
      arrays = Arrays.copyOf(arrays, splices * 2);
    }
    at[splices] = position;
    arrays[splices++] = array;
    splicedBytes += array.length;
  }

  /** The number of bytes written, spliced arrays included. */
  long size() {
    return position + splicedBytes;
  }

  /**
   * The bytes written, in order, as buffers over this output's buffer and the spliced arrays;
   * valid until this output is next written to or reset.
   */
  ByteBuffer[] parts() {
    if (splices == 0) {
      return new ByteBuffer[] {ByteBuffer.wrap(buffer, 0, position)};
    }
    ByteBuffer[] parts = new ByteBuffer[2 * splices + 1];
    int from = 0;
    for (int i = 0; i < splices; i++) {
      parts[2 * i] = ByteBuffer.wrap(buffer, from, at[i] - from);
      parts[2 * i + 1] = ByteBuffer.wrap(arrays[i]);
      from = at[i];
    }
    parts[2 * splices] = ByteBuffer.wrap(buffer, from, position - from);
    return parts;
  }

  @Override
  public byte[] toBytes() {
    if (splices == 0) {
      return super.toBytes();
    }
    long size = size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("A serialized value of " + size + " bytes does not fit in an array");
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) size);
    for (ByteBuffer part : parts()) {
      bytes.put(part);
    }
    return bytes.array();
  }

  @Override
  public void reset() {
    super.reset();
    if (splices > 0) {
      Arrays.fill(arrays, 0, splices, null);
      splices = 0;
      splicedBytes = 0;
    }
  }
}
