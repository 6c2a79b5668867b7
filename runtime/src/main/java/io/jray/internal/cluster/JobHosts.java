package io.jray.internal.cluster;

import io.jray.RayException;
import io.jray.internal.Log;
import io.jray.internal.net.BlobSink;
import io.jray.internal.net.BlobSource;
import io.jray.internal.net.Peer;
import io.jray.internal.resources.ResourceSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A node's job hosts: one process per driver's job that uses the node, started on the driver's
 * jars (fetched once into the {@link JarCache}) and ended with the driver's connection or the
 * node. Each holds a pipe from the node on its standard input, so that it also ends when the node
 * is killed outright.
 */
final class JobHosts implements AutoCloseable {
  private static final Duration JAR_TIMEOUT = Duration.ofMinutes(5);
  private static final long READY_TIMEOUT_SECONDS = 120;

  private final ClusterToken token;
  private final String nodeIp;
  private final String nodeId;
  /** What the node offers: its job hosts schedule their own work within it. */
  private final java.util.Map<String, Double> resources;
  private final JarCache jars;
  private final Path logFolder;
  private final Map<Peer, List<Process>> byDriver = new ConcurrentHashMap<>();
  /** What each job host's work holds now, as it last said (JobHostMain#USE). */
  private final Map<Long, ResourceSet> use = new ConcurrentHashMap<>();
  /** The node's hosts of detached actors, by the class path they run on; no driver ends them. */
  private final Map<String, Launched> detached = new java.util.HashMap<>();
  private volatile boolean closed;

  JobHosts(ClusterToken token, String nodeIp, String nodeId,
      java.util.Map<String, Double> resources, JarCache jars, Path logFolder) {
    this.token = token;
    this.nodeIp = nodeIp;
    this.nodeId = nodeId;
    this.resources = java.util.Map.copyOf(resources);
    this.jars = jars;
    this.logFolder = logFolder;
  }

  /** Answers a driver's START_JOB, off the connection's handler thread: it takes seconds. */
  CompletableFuture<byte[]> start(Peer driver, byte[] payload) {
    JobMessages.StartJob job = JobMessages.StartJob.decode(payload);
    return CompletableFuture.supplyAsync(() -> {
      try {
        return (job.detached() ? detachedHost(driver, job) : jobHost(driver, job)).encode();
      } catch (IOException e) {
        throw new RayException("Could not start job " + job.jobId() + " on node " + nodeIp + ": "
            + e.getMessage(), e);
      }
    });
  }

  /**
   * The node's host of detached actors for the driver's class path: the one running, or a new
   * one, which no driver's leaving ends.
   */
  private JobMessages.JobStarted detachedHost(Peer driver, JobMessages.StartJob job)
      throws IOException {
    String classPathKey = job.manifest().entries().stream().map(ClassPathManifest.Entry::sha256)
        .collect(java.util.stream.Collectors.joining(","));
    synchronized (detached) {
      Launched known = detached.get(classPathKey);
      if (known != null && known.process().isAlive()) {
        return known.started();
      }
      Launched launched = launch(driver, job);
      detached.put(classPathKey, launched);
      return launched.started();
    }
  }

  /** A driver's job host, which ends when the driver's connection does. */
  private JobMessages.JobStarted jobHost(Peer driver, JobMessages.StartJob job)
      throws IOException {
    return launch(driver, job).started();
  }

  private record Launched(Process process, JobMessages.JobStarted started) {}

  private Launched launch(Peer driver, JobMessages.StartJob job) throws IOException {
    String classPath = jars.classPath(job.manifest(), (jar, into) -> fetchJar(driver, jar, into));
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(NodeDefaults.jvmOptions(
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
    command.addAll(job.jvmOptions());
    command.addAll(List.of("-cp", classPath, JobHostMain.class.getName(),
        "--slot", String.valueOf(job.slot()), "--bind", nodeIp, "--job-id", job.jobId(),
        "--node-id", nodeId,
        "--resources", ResourceSet.of(resources).toSpec()));
    if (job.detached()) {
      command.add("--detached");
    }
    Files.createDirectories(logFolder);
    Path log = logFolder.resolve("job-" + job.jobId().replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
        + job.slot() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE); // the lifeline: closed when the node dies
    builder.environment().put(ClusterToken.ENVIRONMENT_VARIABLE, token.secret());
    synchronized (this) {
      if (closed) {
        throw new IOException("the node is stopping");
      }
    }
    Process process = builder.start();
    if (!job.detached()) {
      byDriver.computeIfAbsent(driver, d -> new CopyOnWriteArrayList<>()).add(process);
      if (!driver.isOpen()) {
        end(driver); // it went while its job host started
      }
    }
    String address = awaitReady(process, log);
    Log.info("Started {} pid={} for job {} (slot {}) at {}",
        job.detached() ? "the detached actors' host" : "job host", process.pid(), job.jobId(),
        job.slot(), address);
    return new Launched(process, new JobMessages.JobStarted(address, process.pid()));
  }

  /** What the node's job hosts hold now, summed over them, by resource. */
  Map<String, Double> inUse() {
    ResourceSet sum = ResourceSet.EMPTY;
    for (ResourceSet held : use.values()) {
      sum = sum.add(held);
    }
    return sum.toMap();
  }

  /**
   * Reads the job host's standard output: its ready line, then what its work holds as it
   * changes; the rest goes to its log.
   */
  private String awaitReady(Process process, Path log) throws IOException {
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (!ready.isDone() && line.startsWith(JobHostMain.READY)) {
            ready.complete(line.substring(JobHostMain.READY.length()).trim());
          } else if (line.startsWith(JobHostMain.USE)) {
            use.put(process.pid(), ResourceSet.parse(line.substring(JobHostMain.USE.length())));
          } else {
            Files.writeString(log, line + System.lineSeparator(), StandardOpenOption.APPEND,
                StandardOpenOption.CREATE);
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        // the process is gone
      }
      use.remove(process.pid());
      ready.completeExceptionally(new IOException("the job host exited before it was ready"));
    }, "jray-job-host-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      return ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("the job host did not start (" + e.getMessage() + "); its log: "
          + log, e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void fetchJar(Peer driver, ClassPathManifest.Entry jar, Path into)
      throws IOException {
    try (FileChannel file = FileChannel.open(into, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      BlobSink sink = chunk -> {
        while (chunk.hasRemaining()) {
          file.write(chunk);
        }
      };
      driver.fetch(BlobSource.JAR, jar.sha256(), sink, JAR_TIMEOUT)
          .get(JAR_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("could not fetch " + jar.fileName() + " from the driver: "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException | InterruptedException e) {
      throw new IOException("could not fetch " + jar.fileName() + " in time", e);
    }
  }

  /** The driver's connection ended: so do its job hosts. */
  void end(Peer driver) {
    List<Process> processes = byDriver.remove(driver);
    if (processes != null) {
      processes.forEach(JobHosts::stop);
    }
  }

  private static void stop(Process process) {
    try {
      OutputStream lifeline = process.getOutputStream();
      lifeline.close(); // the job host ends itself, workers and store included
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    for (Peer driver : new ArrayList<>(byDriver.keySet())) {
      end(driver);
    }
    synchronized (detached) {
      detached.values().forEach(host -> stop(host.process()));
      detached.clear();
    }
  }
}
