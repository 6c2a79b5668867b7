package io.jray.internal.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The data plane's frames after the handshake: {@code int length, byte type, fields}, where
 * length counts the type and the fields. Every frame but CHUNK is built whole on the heap by
 * the sending thread and queued; a CHUNK's bytes are read from the blob straight into the
 * writer's buffer.
 *
 * <pre>
 * MESSAGE     int type, bytes payload (to the end)          one-way
 * REQUEST     long id, int type, bytes payload              answered by REPLY or ERROR
 * REPLY       long id, bytes payload
 * ERROR       long id, utf message
 * FETCH       long id, int kind, int window, utf blob id   SIZE and CHUNKs follow, or MISSING
 * SIZE        long id, long size
 * CHUNK       long id, bytes (at most CHUNK_BYTES and the credit the fetcher granted)
 * MISSING     long id, boolean missing, utf message         the blob is absent (or failed)
 * CREDIT      long id, int bytes                            the fetcher's sink took this many
 * CANCEL      long id                                       the fetcher gave up
 * </pre>
 */
final class Frames {
  static final byte MESSAGE = 1;
  static final byte REQUEST = 2;
  static final byte REPLY = 3;
  static final byte ERROR = 4;
  static final byte FETCH = 5;
  static final byte SIZE = 6;
  static final byte CHUNK = 7;
  static final byte MISSING = 8;
  static final byte CREDIT = 9;
  static final byte CANCEL = 10;

  /** A chunk of a blob: large enough for one write to move a lot, small enough to interleave. */
  static final int CHUNK_BYTES = 256 << 10;
  /** length + type + id: what precedes a CHUNK's bytes. */
  static final int CHUNK_HEADER = 4 + 1 + 8;
  /** The largest frame other than a CHUNK: a message at its limit and its header. */
  static final int MAX_FRAME = NetOptions.MAX_MESSAGE_BYTES + 64;

  private Frames() {}

  static byte[] message(int type, byte[] payload) {
    return start(MESSAGE, 4 + payload.length).putInt(type).put(payload).array();
  }

  static byte[] request(long id, int type, byte[] payload) {
    return start(REQUEST, 12 + payload.length).putLong(id).putInt(type).put(payload).array();
  }

  static byte[] reply(long id, byte[] payload) {
    return start(REPLY, 8 + payload.length).putLong(id).put(payload).array();
  }

  static byte[] error(long id, String message) {
    byte[] text = utf(message);
    return start(ERROR, 10 + text.length).putLong(id).putShort((short) text.length).put(text)
        .array();
  }

  static byte[] fetch(long id, int kind, int window, String blobId) {
    byte[] text = utf(blobId);
    return start(FETCH, 18 + text.length).putLong(id).putInt(kind).putInt(window)
        .putShort((short) text.length).put(text).array();
  }

  static byte[] size(long id, long size) {
    return start(SIZE, 16).putLong(id).putLong(size).array();
  }

  static byte[] missing(long id, boolean missing, String message) {
    byte[] text = utf(message);
    return start(MISSING, 11 + text.length).putLong(id).put((byte) (missing ? 1 : 0))
        .putShort((short) text.length).put(text).array();
  }

  static byte[] credit(long id, int bytes) {
    return start(CREDIT, 12).putLong(id).putInt(bytes).array();
  }

  static byte[] cancel(long id) {
    return start(CANCEL, 8).putLong(id).array();
  }

  /** Writes a CHUNK's header for {@code bytes} bytes of fetch {@code id}. */
  static void chunkHeader(ByteBuffer target, long id, int bytes) {
    target.putInt(1 + 8 + bytes).put(CHUNK).putLong(id);
  }

  /** UTF-8, cut to what a short length can say (ids and error messages are far shorter). */
  private static byte[] utf(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= Short.MAX_VALUE ? bytes : java.util.Arrays.copyOf(bytes, 32_000);
  }

  static String readUtf(ByteBuffer in) {
    int length = in.getShort() & 0xffff;
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static ByteBuffer start(byte type, int fields) {
    return ByteBuffer.allocate(5 + fields).putInt(1 + fields).put(type);
  }
}
