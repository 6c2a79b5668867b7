package io.jray.internal.store;

import io.jray.RayException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Large objects, one file each, named {@code <id>-<nonce>} in hex, complete before the index
 * names them; the nonce keeps two writers of the same id (a retried task) from ever touching each
 * other's file.
 *
 * <p>Bytes already in an array are written into a new file with write(2), a chunk at a time: on
 * tmpfs every page of a new file is allocated and zeroed by the kernel, and through a mapping each
 * 4 KiB page also costs a page fault, which made writing through a mapping 1.5-2x slower (see
 * StoreBenchmark). A pooled file's mapping has its pages faulted in already: a copy into it is
 * the fastest way in.
 */
final class LargeObjectFiles {
  private static final Logger log = LoggerFactory.getLogger(LargeObjectFiles.class);
  /**
   * Bounds the JDK's per-thread temporary direct buffer that a heap write goes through, and each
   * copy into a mapping.
   */
  private static final int WRITE_CHUNK = 1 << 20;

  private final Path dir;

  LargeObjectFiles(Path dir) {
    this.dir = dir;
  }

  /** Writes a new file for id and returns its nonce; leaves no file behind if the writer fails. */
  long write(long id, int length, Consumer<ByteBuffer> writer) {
    long nonce = newNonce();
    Path file = path(id, nonce);
    boolean written = false;
    try (FileChannel channel = create(file, StandardOpenOption.READ)) {
      requireSpace(id, length);
      MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
      try {
        writer.accept(buffer);
      } finally {
        FileMappings.unmap(buffer);
      }
      written = true;
      return nonce;
    } catch (IOException e) {
      throw new RayException("Cannot write object file " + file + ": " + e, e);
    } finally {
      if (!written) {
        delete(id, nonce);
      }
    }
  }

  /**
   * Writes a new file for id of length bytes, which pieces write to it as they arrive, and
   * returns its nonce; leaves no file behind on failure. Through the file's channel, not a
   * mapping: the page faults of writing a fresh file's mapping cost ten times the kernel's own
   * copy on some machines (docs/SCALING.md).
   */
  long write(long id, int length, ObjectStore.Pieces pieces) {
    long nonce = newNonce();
    Path file = path(id, nonce);
    boolean written = false;
    try (FileChannel channel = create(file)) {
      requireSpace(id, length);
      pieces.writeTo(channel);
      if (channel.size() != length) {
        throw new IOException("it holds " + channel.size() + " bytes, not " + length);
      }
      written = true;
      return nonce;
    } catch (IOException e) {
      throw new RayException("Cannot write object file " + file + ": " + e, e);
    } finally {
      if (!written) {
        delete(id, nonce);
      }
    }
  }

  /**
   * Writes a new file for id holding the remaining bytes of parts (length in all, their positions
   * left alone) and returns its nonce; leaves no file behind on failure.
   */
  long write(long id, int length, ByteBuffer[] parts) {
    long nonce = newNonce();
    Path file = path(id, nonce);
    boolean written = false;
    try (FileChannel channel = create(file)) {
      write(channel, parts);
      written = true;
      return nonce;
    } catch (IOException e) {
      throw new RayException(String.format("Cannot write object file %s (%s): %s. If the file "
          + "system is full, free space there or lower RayConfig storeCapacityBytes.",
          file, StoreFullException.bytes(length), e), e);
    } finally {
      if (!written) {
        delete(id, nonce);
      }
    }
  }

  /**
   * Like {@link #write(long, int, ByteBuffer[])}, but into pooled, a file of at least length bytes
   * that no one else uses (see FilePool), which becomes the object's file: copied straight into
   * its mapping if it has one, which the caller then unmaps. Leaves no file behind on failure,
   * pooled included, and unmaps it then.
   */
  long rewrite(FilePool.Pooled pooled, long id, int length, ByteBuffer[] parts) {
    long nonce = newNonce();
    Path file = path(id, nonce);
    MappedByteBuffer mapping = pooled.claim(true);
    boolean written = false;
    try {
      // A link, not a rename: it fails rather than replaces if the name is taken.
      Files.createLink(file, pooled.file());
      Files.delete(pooled.file());
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        // The mapping may reach past the new end: nothing touches that part (a SIGBUS).
        channel.truncate(length);
        if (mapping == null) {
          write(channel, parts);
        }
      }
      if (mapping != null) {
        copy(parts, mapping);
      }
      written = true;
      return nonce;
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("Object file name taken: " + file, e);
    } catch (IOException e) {
      throw new RayException(String.format("Cannot write object file %s (%s): %s",
          file, StoreFullException.bytes(length), e), e);
    } finally {
      if (!written) {
        FileMappings.unmap(mapping); // first: a deleted file's memory lives while it is mapped
        delete(id, nonce);
        FilePool.delete(pooled.file());
      }
    }
  }

  /**
   * Copies the parts' remaining bytes to the start of mapping, a bounded chunk at a time: one
   * long copy of a heap array would hold off the JVM's safepoints, and so every other thread.
   */
  private static void copy(ByteBuffer[] parts, ByteBuffer mapping) {
    int to = 0;
    for (ByteBuffer part : parts) {
      for (int at = part.position(); at < part.limit(); at += WRITE_CHUNK) {
        int n = Math.min(WRITE_CHUNK, part.limit() - at);
        mapping.put(to, part, at, n);
        to += n;
      }
    }
  }

  /** Writes the parts' remaining bytes at the channel's position, a bounded chunk at a time. */
  private static void write(FileChannel channel, ByteBuffer[] parts) throws IOException {
    for (ByteBuffer part : parts) {
      for (int at = part.position(); at < part.limit(); at += WRITE_CHUNK) {
        ByteBuffer chunk = part.slice(at, Math.min(WRITE_CHUNK, part.limit() - at));
        while (chunk.hasRemaining()) {
          channel.write(chunk);
        }
      }
    }
  }

  /**
   * A nonce names its writer in its high half, so that files a killed writer left unfinished or
   * unindexed can be told apart from files being written.
   */
  private static long newNonce() {
    return (ProcessToken.pid(ProcessToken.SELF) << 32)
        | (ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL);
  }

  /** Creates file; a name taken already (the same id and random half) is not ours to delete. */
  private static FileChannel create(Path file, StandardOpenOption... extra) throws IOException {
    try {
      return FileChannel.open(file, SharedFiles.readWrite(
          Stream.concat(Stream.of(StandardOpenOption.CREATE_NEW), Stream.of(extra))
              .toArray(StandardOpenOption[]::new)), SharedFiles.OWNER_ONLY);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("Object file name taken: " + file, e);
    }
  }

  /**
   * Deletes files that dead processes left: temporary files, and object files that their writer
   * died before indexing (isIndexed says whether an id and nonce are in the index). Returns the
   * bytes of the object files deleted, which their writers had reserved.
   */
  long removeOrphans(java.util.function.BiPredicate<Long, Long> isIndexed) {
    long freed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (SpillFolder.isTemp(file)) {
          if (!isRunning(SpillFolder.tempWriter(file))) {
            Files.deleteIfExists(file);
          }
          continue;
        }
        if (name.length() != 33 || name.charAt(16) != '-') {
          continue;
        }
        long id = Long.parseUnsignedLong(name.substring(0, 16), 16);
        long nonce = Long.parseUnsignedLong(name.substring(17), 16);
        if (!isRunning(nonce >>> 32) && !isIndexed.test(id, nonce)) {
          long size;
          try {
            size = Files.size(file);
          } catch (NoSuchFileException e) {
            continue;
          }
          if (Files.deleteIfExists(file)) {
            log.warn("Deleted object file {} that a dead process left unindexed", name);
            freed += size;
          }
        }
      }
    } catch (IOException e) {
      throw new RayException("Cannot clean up object files in " + dir + ": " + e, e);
    }
    return freed;
  }

  static boolean isRunning(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** A write into a mapping beyond what tmpfs can hold is a SIGBUS, not an IOException. */
  private void requireSpace(long id, int length) throws IOException {
    long free = Files.getFileStore(dir).getUsableSpace();
    if (free < length) {
      throw new RayException(String.format("Not enough free space in %s for object %016x: it needs "
          + "%s, %s are free. Free space there, or lower RayConfig storeCapacityBytes.",
          dir, id, StoreFullException.bytes(length), StoreFullException.bytes(free)));
    }
  }

  /**
   * A read-only mapping of the object's file, or null if it is not in memory (deleted or spilled).
   * Marks the file used now: spilling picks the least recently used files first.
   */
  ByteBuffer map(long id, long nonce, int length) {
    Path file = path(id, nonce);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
      touch(file);
      return data;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new RayException("Cannot map object file " + file + ": " + e, e);
    }
  }

  /** Deletes the object's file; returns whether there was one (whose bytes are now free). */
  boolean delete(long id, long nonce) {
    try {
      return Files.deleteIfExists(path(id, nonce));
    } catch (IOException e) {
      throw new RayException("Cannot delete object file " + path(id, nonce) + ": " + e, e);
    }
  }

  /**
   * Restores a spilled object: copies it into a temporary file, then links that under the
   * object's name, which fails if another process restored it first. Returns whether this call
   * made the file (and so holds its bytes); throws NoSuchFileException if there is no spilled
   * copy (the object was deleted).
   */
  boolean restore(SpillFolder spill, long id, long nonce) throws NoSuchFileException {
    Path file = path(id, nonce);
    Path temp = SpillFolder.temp(file);
    try {
      if (!spill.copyOut(id, nonce, temp)) {
        throw new NoSuchFileException(file.toString());
      }
      Files.createLink(file, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new RayException("Cannot restore object file " + file + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        log.debug("Could not delete {}", temp, e);
      }
    }
  }

  /** An object file in memory, for choosing what to spill. */
  record InMemory(long id, long nonce, Path file, long lastUsedMillis) {}

  /** The complete-looking object files in memory, least recently used first. */
  List<InMemory> leastRecentlyUsed() {
    List<InMemory> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (SpillFolder.isTemp(file) || name.length() != 33 || name.charAt(16) != '-') {
          continue;
        }
        try {
          found.add(new InMemory(Long.parseUnsignedLong(name.substring(0, 16), 16),
              Long.parseUnsignedLong(name.substring(17), 16), file,
              Files.getLastModifiedTime(file).toMillis()));
        } catch (NoSuchFileException e) {
          // deleted or spilled meanwhile
        }
      }
    } catch (IOException e) {
      throw new RayException("Cannot list object files in " + dir + ": " + e, e);
    }
    found.sort(Comparator.comparingLong(InMemory::lastUsedMillis));
    return found;
  }

  Path path(long id, long nonce) {
    return dir.resolve(name(id, nonce));
  }

  static String name(long id, long nonce) {
    return String.format("%016x-%016x", id, nonce);
  }

  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      // Deleted or spilled meanwhile: the mapping stays valid, and the order is a hint only.
    }
  }
}
