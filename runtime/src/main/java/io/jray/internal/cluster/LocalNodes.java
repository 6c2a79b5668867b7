package io.jray.internal.cluster;

import io.jray.internal.Log;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The nodes this user runs on this machine, one file each in a folder only the user can read:
 * what {@code jray stop} ends and where {@code jray status} finds the cluster. A file names its
 * node's process by pid and start time, so a pid the system gave to another process since is
 * never taken for the node.
 */
public final class LocalNodes {
  /**
   * One running node.
   *
   * @param started the process's start time, as the system reports it
   * @param log where the node's output goes, null when it runs in the foreground
   */
  public record Entry(long pid, Instant started, String address, boolean head, String nodeId,
      String token, Path log) {
    /** The node's process, if it is still the one this entry names. */
    public Optional<ProcessHandle> process() {
      return ProcessHandle.of(pid)
          .filter(p -> p.info().startInstant().map(started::equals).orElse(false));
    }
  }

  private final Path folder;

  public LocalNodes(Path folder) {
    this.folder = folder;
  }

  /** This user's folder: under the temporary folder, as the session folders are. */
  public static LocalNodes ofUser() {
    return new LocalNodes(Path.of(System.getProperty("java.io.tmpdir"),
        "jray-" + System.getProperty("user.name"), "nodes"));
  }

  public Path folder() {
    return folder;
  }

  /** Where a node started in the background writes its output. */
  public Path logFile(String nodeIp, int port) throws IOException {
    createFolder();
    return folder.resolve("node-" + nodeIp + "-" + port + ".log");
  }

  /** Lists this process as a running node. */
  public void add(NodeRecord record, ClusterToken token, Path log) throws IOException {
    createFolder();
    ProcessHandle self = ProcessHandle.current();
    Properties properties = new Properties();
    properties.setProperty("pid", String.valueOf(self.pid()));
    properties.setProperty("started", self.info().startInstant().orElseThrow().toString());
    properties.setProperty("address", record.address());
    properties.setProperty("head", String.valueOf(record.head()));
    properties.setProperty("nodeId", record.nodeId());
    properties.setProperty("token", token.secret());
    if (log != null) {
      properties.setProperty("log", log.toString());
    }
    Path file = fileOf(self.pid());
    Path partial = folder.resolve(self.pid() + ".partial");
    Files.deleteIfExists(partial);
    Files.createFile(partial,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer out = Files.newBufferedWriter(partial)) {
      properties.store(out, "a jray node; jray stop ends it");
    }
    try {
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE); // readers never see half a file
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The node running as {@code pid}, if it is listed and still running. */
  public Optional<Entry> find(long pid) {
    return read(fileOf(pid)).filter(e -> e.process().isPresent());
  }

  /** The listed nodes still running; files of nodes gone are removed. */
  public List<Entry> running() {
    List<Entry> running = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return running;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.node")) {
      for (Path file : files) {
        Optional<Entry> entry = read(file);
        if (entry.isPresent() && entry.get().process().isPresent()) {
          running.add(entry.get());
        } else {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      Log.warn("Could not list the nodes in {}: {}", folder, e.toString());
    }
    running.sort((a, b) -> Boolean.compare(b.head(), a.head()));
    return running;
  }

  public void remove(long pid) {
    try {
      Files.deleteIfExists(fileOf(pid));
    } catch (IOException e) {
      Log.warn("Could not remove {}: {}", fileOf(pid), e.toString());
    }
  }

  private Path fileOf(long pid) {
    return folder.resolve(pid + ".node");
  }

  private Optional<Entry> read(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
      String log = properties.getProperty("log");
      return Optional.of(new Entry(Long.parseLong(properties.getProperty("pid")),
          Instant.parse(properties.getProperty("started")), properties.getProperty("address"),
          Boolean.parseBoolean(properties.getProperty("head")), properties.getProperty("nodeId"),
          properties.getProperty("token"), log == null ? null : Path.of(log)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone meanwhile, or not one of ours
    }
  }

  private void createFolder() throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder.getParent());
      try {
        Files.createDirectory(folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another node made it meanwhile
      }
    }
  }
}
