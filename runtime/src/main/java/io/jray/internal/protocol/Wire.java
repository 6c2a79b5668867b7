package io.jray.internal.protocol;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The pieces frames are made of, read so that a malformed or hostile frame fails with an
 * IOException and never makes the reader allocate more than the frame holds: every count and
 * length is checked against the bytes that remain before anything is allocated for it.
 *
 * <p>A payload stream holds one frame's bytes, in memory, so {@code available()} is exactly what
 * remains of the frame ({@link Connection} reads frames whole before they are parsed).
 */
final class Wire {
  private Wire() {}

  /** Decodes one frame's payload; null for a type byte it does not know. */
  @FunctionalInterface
  interface Decoder<F extends Frame> {
    F decode(byte type, DataInputStream in) throws IOException;
  }

  /**
   * Decodes a payload whole: a frame whose type is unknown, whose fields run past its end or
   * that has bytes left after them fails with an IOException that names its type.
   */
  static <F extends Frame> F decode(byte type, DataInputStream in, String sender,
      Decoder<F> decoder) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("a payload must be a frame's bytes in memory");
    }
    F frame;
    try {
      frame = decoder.decode(type, in);
      if (frame != null && in.available() > 0) {
        throw new IOException(in.available() + " bytes left over after its fields");
      }
    } catch (IOException e) {
      String why = e instanceof EOFException ? "it ends before its fields do" : e.getMessage();
      throw new IOException("Malformed " + FrameType.name(type) + " frame from " + sender + ": "
          + why + ". A driver and its workers must run the same jray build.", e);
    }
    if (frame == null) {
      throw new IOException("Frame type " + type + " is not one that " + sender + " sends: "
          + "a driver and its workers must run the same jray build.");
    }
    return frame;
  }

  /**
   * Reads a count of elements that take at least {@code minBytes} each, and checks that the
   * rest of the frame can hold them.
   */
  static int count(DataInputStream in, int minBytes, String what) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > in.available() / minBytes) {
      throw new IOException(count + " " + what + " cannot fit in the " + in.available()
          + " bytes left");
    }
    return count;
  }

  static void writeIds(DataOutputStream out, long[] ids) throws IOException {
    out.writeInt(ids.length);
    for (long id : ids) {
      out.writeLong(id);
    }
  }

  static long[] readIds(DataInputStream in) throws IOException {
    long[] ids = new long[count(in, Long.BYTES, "ids")];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = in.readLong();
    }
    return ids;
  }

  static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    return in.readNBytes(count(in, 1, "bytes"));
  }

  /**
   * Reads a string written by {@code writeUTF}. {@code readUTF} allocates for the length it
   * reads before it reads the bytes, so the length is checked first.
   */
  static String readString(DataInputStream in) throws IOException {
    in.mark(2);
    readStringLength(in);
    in.reset();
    return in.readUTF();
  }

  /** Reads the length {@code writeUTF} puts before a string, checked against what is left. */
  static int readStringLength(DataInputStream in) throws IOException {
    int length = in.readUnsignedShort();
    if (length > in.available()) {
      throw new IOException("a string of " + length + " bytes cannot fit in the "
          + in.available() + " bytes left");
    }
    return length;
  }

  /** A flag, then the string if there is one. */
  static void writeOptionalString(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  static String readOptionalString(DataInputStream in) throws IOException {
    return in.readBoolean() ? readString(in) : null;
  }
}
