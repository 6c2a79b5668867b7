package io.jray.internal.worker;

import io.jray.RayConfig;
import io.jray.Tuning;
import io.jray.internal.Log;
import io.jray.internal.RayErrors;
import io.jray.internal.ObjectIds;
import io.jray.internal.ObjectRefSerializer;
import io.jray.internal.RuntimeHolder;
import io.jray.internal.driver.SessionDir;
import io.jray.internal.refs.LocalRefs;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.FrameType;
import io.jray.internal.protocol.IdLists;
import io.jray.internal.protocol.TaskSpec;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker process: opens the session's store, introduces itself to the driver, then runs what it
 * is sent until the driver says stop or goes away. A worker never outlives its driver.
 *
 * <p>Arguments: session folder, control socket, worker tag, driver pid, then the driver's tuning
 * ({@link TuningArgs}). The session secret comes in the environment, where other users cannot
 * read it.
 */
public final class WorkerMain {
  public static final String SECRET_ENV = "JRAY_SESSION_SECRET";
  public static final String LOG_LEVEL_PROPERTY = "jray.logLevel";

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    Path sessionDir = Paths.get(args[0]);
    Path socket = Paths.get(args[1]);
    int tag = Integer.parseInt(args[2]);
    long driverPid = Long.parseLong(args[3]);
    Tuning tuning = TuningArgs.parse(Arrays.asList(args).subList(4, args.length));
    Log.setLevel(RayConfig.LogLevel.valueOf(
        System.getProperty(LOG_LEVEL_PROPERTY, RayConfig.LogLevel.WARN.name())));
    exitWhenDriverDies(driverPid, sessionDir);

    ObjectStore store = ObjectStore.open(sessionDir, tuning.storeLockTimeout());
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    Connection driver = new Connection(channel, tuning.lateFrameDelay().toNanos());
    byte[] secret = System.getenv(SECRET_ENV).getBytes(StandardCharsets.UTF_8);
    driver.send(FrameType.HELLO, out -> {
      out.writeShort(secret.length);
      out.write(secret);
      out.writeLong(ProcessHandle.current().pid());
      out.writeInt(tag);
    });

    LocalRefs.setCurrent(new LocalRefs(new LocalRefs.Listener() {
      @Override
      public void acquired(long id) {
        tell(driver, FrameType.ACQUIRE, id);
      }

      @Override
      public void released(long id) {
        tell(driver, FrameType.RELEASE, id);
      }
    }));
    Serializer serializer = new Serializer(ObjectRefSerializer::register);
    // Kryo's first use, 10-20 ms, goes here rather than into the first task: the driver is still
    // on its way to sending it.
    serializer.deserialize(ByteBuffer.wrap(serializer.serialize(0)));
    WorkerRuntime runtime =
        new WorkerRuntime(store, serializer, new ObjectIds(tag), driver, tuning);
    RuntimeHolder.set(runtime);
    TaskRunner runner = new TaskRunner(store, serializer, driver, tuning.repliesPerWrite());
    runtime.setRunner(runner);
    boolean toldToStop = serve(runtime, runner);
    if (!toldToStop) {
      cleanUpAfterDeadDriver(driverPid, sessionDir);
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(toldToStop ? 0 : 3);
  }

  /** Sends a one-id frame; a driver that is gone needs no news. */
  private static void tell(Connection driver, byte type, long id) {
    try {
      driver.send(type, out -> out.writeLong(id));
    } catch (IOException e) {
      Log.debug("Could not tell the driver about {}: {}", ObjectIds.hex(id), e.toString());
    }
  }

  /** Serves the driver; true if it said to stop, false if the channel ended without a word. */
  private static boolean serve(WorkerRuntime runtime, TaskRunner runner)
      throws InterruptedException {
    return runner.serve(frame -> {
      switch (frame.type()) {
        case FrameType.EXECUTE, FrameType.ACTOR_CALL ->
            runner.enqueue(frame.type(), TaskSpec.readFrom(frame.in()));
        case FrameType.EXECUTE_BATCH -> {
          int count = frame.in().readInt();
          for (int i = 0; i < count; i++) {
            runner.enqueue(FrameType.EXECUTE, TaskSpec.readFrom(frame.in()));
          }
        }
        case FrameType.RECALL -> runner.recall(IdLists.read(frame.in()));
        case FrameType.CREATE_ACTOR -> {
          frame.in().readLong();
          String className = frame.in().readUTF();
          runner.enqueueCreation(className, TaskSpec.readFrom(frame.in()));
        }
        case FrameType.RESPONSE -> runtime.answered(
            frame.in().readLong(), frame.in().readBoolean(), frame.in());
        case FrameType.OBJECT_READY -> runtime.objectReady(frame.in().readLong());
        case FrameType.OBJECT_FAILED -> runtime.objectFailed(frame.in().readLong(),
            RayErrors.rebuild(frame.in().readUTF(), frame.in().readUTF()));
        case FrameType.SHUTDOWN -> {
          return false;
        }
        default -> throw new IOException("unexpected frame type " + frame.type());
      }
      return true;
    });
  }

  /**
   * The channel closed without a word: the driver died (the kernel closed its end) or is dying.
   * If it is gone, nobody else will remove the session's files, so remove them here.
   */
  private static void cleanUpAfterDeadDriver(long driverPid, Path sessionDir) {
    Optional<ProcessHandle> driver = ProcessHandle.of(driverPid);
    try {
      if (driver.isPresent()) {
        driver.get().onExit().get(2, TimeUnit.SECONDS);
      }
      SessionDir.deleteTree(sessionDir);
      SessionDir.deleteTree(ObjectStore.defaultSpillDir(sessionDir));
    } catch (TimeoutException e) {
      // The driver lives on (it closed our channel on purpose): its files are its own.
    } catch (InterruptedException | ExecutionException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Exits at once when the driver's process ends, even by SIGKILL, and removes the session's
   * files, since a dead driver cannot.
   */
  private static void exitWhenDriverDies(long driverPid, Path sessionDir) {
    ProcessHandle.of(driverPid).ifPresentOrElse(
        driver -> driver.onExit().thenRun(() -> {
          SessionDir.deleteTree(sessionDir);
          SessionDir.deleteTree(ObjectStore.defaultSpillDir(sessionDir));
          Runtime.getRuntime().halt(3);
        }),
        () -> Runtime.getRuntime().halt(3));
  }
}
