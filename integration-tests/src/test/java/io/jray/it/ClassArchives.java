package io.jray.it;

/**
 * The kind of class-data archive that jray makes for the Java these tests run on, for drivers
 * through {@code bin/jray run} and for workers alike: a dynamic CDS archive before Java 25, an
 * ahead-of-time cache from 25 on.
 */
final class ClassArchives {
  private ClassArchives() {}

  /** An ahead-of-time cache rather than a dynamic archive. */
  static final boolean AOT_CACHE = Runtime.version().feature() >= 25;
  /** How an archive's file name ends. */
  static final String SUFFIX = AOT_CACHE ? ".aot" : ".jsa";
  /** How the end of a {@code -Xlog:class+load} line says a class came from the archive. */
  static final String LOADED_FROM_ARCHIVE =
      AOT_CACHE ? "source: shared objects file" : "source: shared objects file (top)";
}
