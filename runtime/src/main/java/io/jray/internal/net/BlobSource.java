package io.jray.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a peer may fetch from this side: blobs by kind (an object's bytes, a jar) and id. A blob
 * is read in ranges by the connection's writer, one chunk at a time, straight into its send
 * buffer, so a blob held off-heap or in a file is never copied whole onto the heap.
 */
@FunctionalInterface
public interface BlobSource {
  /** An object's serialized bytes, by its hex id. */
  int OBJECT = 1;
  /** A class path entry, by its content hash. */
  int JAR = 2;

  /** Nothing to fetch: every id is missing. */
  BlobSource NONE = (kind, id) -> null;

  /** Opens a blob to be sent, or returns null when this side does not have it. */
  Blob open(int kind, String id) throws IOException;

  /** One blob being sent; the connection closes it when it is sent, cancelled or failed. */
  interface Blob extends AutoCloseable {
    long size();

    /**
     * Copies the blob's bytes from {@code position} into {@code target} until it is full or the
     * blob ends; returns how many.
     */
    int read(long position, ByteBuffer target) throws IOException;

    @Override
    default void close() throws IOException {}
  }

  /** A blob of bytes already on the heap. */
  static Blob ofBytes(byte[] bytes) {
    return new Blob() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public int read(long position, ByteBuffer target) {
        int count = (int) Math.min(target.remaining(), bytes.length - position);
        target.put(bytes, (int) position, count);
        return count;
      }
    };
  }

  /** A blob that is a file's content, read in ranges. */
  static Blob ofFile(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    long size = channel.size();
    return new Blob() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public int read(long position, ByteBuffer target) throws IOException {
        int start = target.position();
        while (target.hasRemaining() && position + target.position() - start < size) {
          if (channel.read(target, position + target.position() - start) < 0) {
            break;
          }
        }
        return target.position() - start;
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
