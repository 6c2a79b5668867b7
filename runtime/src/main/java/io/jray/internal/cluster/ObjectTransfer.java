package io.jray.internal.cluster;

import io.jray.RayException;
import io.jray.internal.ObjectIds;
import io.jray.internal.driver.DriverRuntime;
import io.jray.internal.net.BlobSource;
import io.jray.internal.net.DataServer;
import io.jray.internal.net.NetOptions;
import io.jray.internal.net.Peer;
import io.jray.internal.store.StoredObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Objects between a cluster's stores: a stored object copied from a peer's store into a
 * runtime's, whole (a blob of its flags byte, then its bytes), as drivers copy results home and
 * job hosts the objects a task needs; and served to peers from the store in place.
 */
final class ObjectTransfer {
  /** How long a copy may take before whoever needs it fails. */
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  private ObjectTransfer() {}

  /**
   * Copies {@code id} from {@code source} into {@code into}'s store under {@code storeAs}. With
   * {@code awaitFirst}, asks the source to answer once it has the object (one its own workers
   * make may not be stored yet) before fetching it.
   */
  static void copy(Peer source, long id, long storeAs, boolean awaitFirst, DriverRuntime into)
      throws IOException {
    if (awaitFirst) {
      awaitStored(source, id);
    }
    ChunkRelay relay = new ChunkRelay();
    String what = "Copying object " + ObjectIds.hex(id) + " from " + source.name();
    java.util.concurrent.Future<Long> fetch = source.fetch(BlobSource.OBJECT, ObjectIds.hex(id),
        relay, TIMEOUT);
    relay.feeding(fetch);
    try {
      byte flags = relay.firstByte(); // begin came before it
      int length = relay.length();
      into.storeCopy(storeAs, flags, length, out -> relay.drainTo(out, length));
    } catch (IOException | RayException e) {
      relay.abandon();
      wait(fetch, what); // the fetch's own error says most
      throw e instanceof IOException io ? io : new IOException(what + " failed: "
          + e.getMessage(), e);
    } finally {
      relay.abandon(); // nothing is waiting by now; one more chunk would be an error
    }
    wait(fetch, what);
  }

  /** A job host's server for its peers: on {@code bindIp}, a port of the system's choosing. */
  static DataServer listen(String bindIp, NetOptions options) {
    try {
      return DataServer.start(new InetSocketAddress(InetAddress.getByName(bindIp), 0), options);
    } catch (IOException e) {
      throw new RayException("Cannot listen on " + bindIp + ": " + e.getMessage(), e);
    }
  }

  /** Returns once {@code source} has the object stored; fails if it never will. */
  static void awaitStored(Peer source, long id) throws IOException {
    wait(source.request(JobMessages.AWAIT, ByteBuffer.allocate(Long.BYTES).putLong(id).array(),
        TIMEOUT), "Waiting for object " + ObjectIds.hex(id) + " at " + source.name());
  }

  private static void wait(java.util.concurrent.Future<?> done, String what) throws IOException {
    try {
      done.get(TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(what + " took over " + TIMEOUT.toMinutes() + " min", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + " was interrupted", e);
    }
  }

  /** A stored object as a blob: its flags byte, then its bytes, read from the store in place. */
  static BlobSource.Blob blobOf(DriverRuntime runtime, String hexId) {
    StoredObject stored = runtime.readForPeer(Long.parseUnsignedLong(hexId, 16));
    if (stored == null) {
      return null;
    }
    ByteBuffer data = stored.data();
    return new BlobSource.Blob() {
      @Override
      public long size() {
        return 1L + data.remaining();
      }

      @Override
      public int read(long position, ByteBuffer target) {
        int start = target.position();
        if (position == 0 && target.hasRemaining()) {
          target.put(stored.flags());
          position = 1;
        }
        ByteBuffer rest = data.duplicate();
        rest.position(rest.position() + (int) (position - 1));
        if (rest.remaining() > target.remaining()) {
          rest.limit(rest.position() + target.remaining());
        }
        target.put(rest);
        return target.position() - start;
      }

      @Override
      public void close() {
        stored.close();
      }
    };
  }
}
