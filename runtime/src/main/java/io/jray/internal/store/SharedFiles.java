package io.jray.internal.store;

import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Helpers for the small files that every process of a session maps. */
final class SharedFiles {
  private SharedFiles() {}

  static Set<StandardOpenOption> readWrite(StandardOpenOption... extra) {
    Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
    options.addAll(List.of(extra));
    return options;
  }
}
