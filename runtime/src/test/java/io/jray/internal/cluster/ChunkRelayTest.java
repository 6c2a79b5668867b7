package io.jray.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChunkRelayTest {
  /** A channel that fills {@code target}. */
  private static java.nio.channels.WritableByteChannel into(ByteBuffer target) {
    return new java.nio.channels.WritableByteChannel() {
      @Override
      public int write(ByteBuffer source) {
        int count = Math.min(source.remaining(), 1000); // a short write now and then
        ByteBuffer part = source.duplicate();
        part.limit(part.position() + count);
        target.put(part);
        source.position(part.position());
        return count;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void chunksOfAnySizeFillTheTargetInOrderAndEachWaitsUntilTaken() throws Exception {
    byte[] object = new byte[10_001];
    for (int i = 0; i < object.length; i++) {
      object[i] = (byte) (i * 31);
    }
    ChunkRelay relay = new ChunkRelay();
    CompletableFuture<Long> fetch = new CompletableFuture<>();
    relay.feeding(fetch);
    ByteBuffer reused = ByteBuffer.allocateDirect(4096); // as the fetch reuses its buffers
    Thread feeder = new Thread(() -> {
      try {
        for (int at = 0; at < object.length; at += 4096) {
          reused.clear();
          reused.put(object, at, Math.min(4096, object.length - at)).flip();
          relay.chunk(reused);
        }
        fetch.complete((long) object.length);
      } catch (IOException e) {
        fetch.completeExceptionally(e);
      }
    });
    feeder.start();
    assertEquals(object[0], relay.firstByte());
    ByteBuffer first = ByteBuffer.allocate(5000);
    ByteBuffer second = ByteBuffer.allocate(object.length - 1 - 5000);
    relay.drainTo(into(first), first.capacity()); // ends inside a chunk: the rest goes on
    relay.drainTo(into(second), second.capacity());
    feeder.join(10_000);
    assertEquals(object.length, fetch.get());
    byte[] copied = new byte[object.length];
    copied[0] = object[0];
    System.arraycopy(first.array(), 0, copied, 1, 5000);
    System.arraycopy(second.array(), 0, copied, 5001, second.capacity());
    assertArrayEquals(object, copied);
  }

  @Test
  void aWriterThatStopsRightAfterTheLastByteFailsNothing() throws Exception {
    for (int round = 0; round < 200; round++) {
      ChunkRelay relay = new ChunkRelay();
      relay.feeding(new CompletableFuture<Long>());
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        try {
          relay.chunk(ByteBuffer.wrap(new byte[] {7, 8, 9}));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      assertEquals(7, relay.firstByte());
      relay.drainTo(into(ByteBuffer.allocate(2)), 2);
      relay.abandon(); // as the copy does once the store has the object
      sent.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void aFetchThatFailsEndsTheWaitAndAnAbandonedCopyFailsTheFetch() throws Exception {
    ChunkRelay relay = new ChunkRelay();
    CompletableFuture<Long> fetch = new CompletableFuture<>();
    relay.feeding(fetch);
    fetch.completeExceptionally(new IOException("peer gone"));
    IOException ended = assertThrows(IOException.class,
        () -> relay.drainTo(into(ByteBuffer.allocate(8)), 8));
    assertTrue(ended.getMessage().contains("before the object's last byte"), ended.getMessage());

    relay.abandon();
    assertThrows(IOException.class, () -> relay.chunk(ByteBuffer.allocate(4)));
  }
}
