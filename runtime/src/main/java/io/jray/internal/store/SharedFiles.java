package io.jray.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Helpers for the small files that every process of a session maps. */
final class SharedFiles {
  private SharedFiles() {}

  /** Files of a session are for its own user only, whatever the process's umask. */
  static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /** Makes a file that something else created readable and writable by its owner only. */
  static void restrict(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  static Set<StandardOpenOption> readWrite(StandardOpenOption... extra) {
    Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
    options.addAll(List.of(extra));
    return options;
  }
}
