package io.jray.internal.store;

import java.nio.file.Path;

/** Where the store's files live in the session directory. */
record StoreLayout(Path sessionDir) {
  Path root() {
    return sessionDir.resolve("store");
  }

  /** The Chronicle Map file. */
  Path index() {
    return root().resolve("index.cmap");
  }

  /** Held by the process that makes the index, while it does (see ObjectIndex.onFirstUse). */
  Path indexLock() {
    return root().resolve("index.lock");
  }

  /** One guard word per index segment (see SegmentGuards). */
  Path guards() {
    return root().resolve("guards");
  }

  /** A text file naming the spill folder, which lies outside the session directory. */
  Path spillDirName() {
    return root().resolve("spill-dir");
  }

  /** Which large objects are being read (see ReaderLeases). */
  Path leases() {
    return root().resolve("leases");
  }

  Path counters() {
    return root().resolve("counters");
  }

  /** One file per large object. */
  Path objects() {
    return root().resolve("objects");
  }
}
