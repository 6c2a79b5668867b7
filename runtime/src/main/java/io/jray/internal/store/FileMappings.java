package io.jray.internal.store;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Read-write mappings of object files that their owner unmaps by hand. */
final class FileMappings {
  private static final Logger log = LoggerFactory.getLogger(FileMappings.class);
  private static final sun.misc.Unsafe UNSAFE = unsafe();
  /**
   * A read fault on a file page that is in memory also maps the pages around it (the kernel's
   * fault-around, 64 KiB by default), writable on a shared tmpfs mapping; a write fault maps one
   * page. Reading one byte per this many bytes faulted 100 MB in within 3.5 ms here, where the
   * write faults of a copy into a fresh mapping cost about 25 ms.
   */
  private static final int WARM_STRIDE = 64 * 1024;
  private static volatile int sink;

  private FileMappings() {}

  /**
   * Maps all size bytes of file, an existing file of that size whose pages are all allocated (a
   * write through the mapping would otherwise allocate, and be a SIGBUS if tmpfs is full). Null if
   * it cannot be mapped: the caller then writes with write(2).
   */
  static MappedByteBuffer map(Path file, long size) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      return channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
    } catch (IOException | RuntimeException e) {
      log.debug("Could not map pooled file {}: {}", file, e.toString());
      return null;
    }
  }

  /** Faults the mapping's pages in, so that a copy into it later costs no page fault. */
  static void warm(MappedByteBuffer mapping) {
    int sum = 0;
    for (int at = 0; at < mapping.capacity(); at += WARM_STRIDE) {
      sum += mapping.get(at);
    }
    sink = sum; // so that the JIT keeps the reads
  }

  /**
   * Unmaps now rather than at some later GC: a deleted file's tmpfs pages stay allocated while any
   * mapping of it remains, and a MappedByteBuffer puts no pressure on the GC. The buffer must not
   * be used afterwards. Null is ignored.
   */
  static void unmap(MappedByteBuffer mapping) {
    if (mapping != null) {
      UNSAFE.invokeCleaner(mapping);
    }
  }

  private static sun.misc.Unsafe unsafe() {
    try {
      Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return (sun.misc.Unsafe) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
