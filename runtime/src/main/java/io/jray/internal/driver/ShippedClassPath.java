package io.jray.internal.driver;

import java.nio.file.Path;

/**
 * This process's class path as a cluster's nodes take it: every entry a jar, folders (an IDE's or
 * Maven's {@code target/classes}) packed into jars in the same cache the workers' class-data
 * archive uses, so that each can be named by its content's hash and fetched once per node.
 */
public final class ShippedClassPath {
  private ShippedClassPath() {}

  public static String ofThisProcess() {
    Path cacheDir = WorkerCds.defaultCacheDir();
    WorkerCds.created(cacheDir); // where it cannot be made, folders stay, and the manifest says so
    return ClassDirJars.forWorkers(ClassPath.ofThisProcess(), cacheDir);
  }
}
