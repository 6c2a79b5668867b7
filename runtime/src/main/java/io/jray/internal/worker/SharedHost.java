package io.jray.internal.worker;

import io.jray.internal.CurrentWork;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.RuntimeHolder;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.protocol.ToWorker;
import io.jray.internal.refs.LocalRefs;
import java.io.EOFException;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A JVM that several actors share. Its own channel only hears which actors to host: for each,
 * OPEN_LANE names a tag, and the host opens another channel to the driver under that tag (a
 * lane) and runs the actor there, as a process of its own would ({@link ActorHost}). So the
 * driver sees each actor as it sees a process: its calls, refs and nested work travel on its
 * lane, in order, and the actor ends alone when its lane closes ({@code Ray.kill}, or {@code
 * Ray.exitActor()}), while the JVM and its other actors live on.
 *
 * <p>Each actor's threads, and those they start, see the actor's own runtime, refs and context
 * (thread-inherited); a thread that belongs to none sees the host's. A {@code System.exit} in an
 * actor's code ends the JVM: a shutdown hook first tells the driver whose thread called it.
 * Meanwhile no lane starts a call or reports one failed ({@link JvmExit}): the other actors'
 * calls are lost with the host, as if it had died.
 */
final class SharedHost {
  private final DriverChannel.Process process;
  private final DriverChannel own;
  private final int repliesPerWrite;
  /** The actor each known thread belongs to, so that an exit can be put down to its actor. */
  private final Map<Thread, Long> actorThreads =
      Collections.synchronizedMap(new WeakHashMap<>());

  SharedHost(DriverChannel.Process process, DriverChannel own, int repliesPerWrite) {
    this.process = process;
    this.own = own;
    this.repliesPerWrite = repliesPerWrite;
  }

  /** Hosts actors until the driver says stop (true) or its channel ends (false). */
  boolean serve(ToWorker.OpenLane first) {
    CurrentWork.shareProcess();
    Runtime.getRuntime().addShutdownHook(new Thread(this::exiting, "jray-host-exit"));
    open(first.tag());
    GeneratorCredits credits = own.generators.credits();
    try {
      while (true) {
        ToWorker frame = own.connection.receiveToWorker();
        if (frame instanceof ToWorker.OpenLane lane) {
          open(lane.tag());
        } else if (!WorkerMain.handle(own.runtime, credits, null, frame)) {
          return true;
        }
      }
    } catch (EOFException e) {
      Log.debug("The driver closed the host's channel");
    } catch (IOException | RuntimeException e) {
      Log.error("The host's channel failed: {}", e.toString());
    }
    return false;
  }

  private void open(int tag) {
    Thread lane = new Thread(() -> lane(tag), "jray-lane-" + tag);
    lane.setDaemon(true);
    lane.start();
  }

  /** One actor, on a channel of its own, from its creation to its end. */
  private void lane(int tag) {
    DriverChannel channel;
    try {
      channel = DriverChannel.open(process, tag);
    } catch (IOException e) {
      Log.warn("Could not open an actor's channel to the driver: {}", e.toString());
      return; // the driver fails the actor's start when the hello does not come
    }
    try {
      ToWorker first = channel.connection.receiveToWorker();
      if (!(first instanceof ToWorker.CreateActor create)) {
        return; // told to stop before it hosted anything
      }
      long actorId = create.actorId();
      actorThreads.put(Thread.currentThread(), actorId);
      // Everything this actor's threads do goes through its own channel.
      RuntimeHolder.setForThread(channel.runtime);
      LocalRefs.setForThread(channel.refs);
      CurrentWork.hosting(create.creation(), create.restarts());
      GeneratorCredits credits = channel.generators.credits();
      ActorHost host = new ActorHost(channel.calls, channel.connection, repliesPerWrite,
          process.heldValues(tag), create,
          frame -> WorkerMain.handle(channel.runtime, credits, null, frame),
          thread -> actorThreads.put(thread, actorId));
      channel.runtime.setRunner(host);
      channel.runtime.setEndLane(() -> end(host, channel));
      host.serve();
      end(host, channel);
    } catch (IOException e) {
      Log.debug("An actor's channel ended before its actor was made: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      channel.close();
      RuntimeHolder.setForThread(null);
      LocalRefs.setForThread(null);
    }
  }

  private static void end(ActorHost host, DriverChannel channel) {
    host.stop();
    channel.connection.close();
  }

  /**
   * The JVM is exiting through {@code System.exit} (jray itself halts, which runs no hook): tell
   * the driver which actor's thread called it, before every lane closes with the process.
   */
  private void exiting() {
    long actorId = 0;
    for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
      if (callsExit(thread.getValue())) {
        actorId = actorThreads.getOrDefault(thread.getKey(), 0L);
        break;
      }
    }
    try {
      own.connection.sendWritten(new ToDriver.HostExiting(actorId));
    } catch (IOException e) {
      Log.debug("Could not say why the host exits: {}", e.toString());
    }
    Log.warn("This shared actor host exits: {} called System.exit",
        actorId == 0 ? "a thread" : "actor " + ObjectIds.hex(actorId));
  }

  private static boolean callsExit(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().equals("java.lang.Runtime") && frame.getMethodName().equals("exit")
          || frame.getClassName().equals("java.lang.Shutdown")
          && frame.getMethodName().equals("exit")) {
        return true;
      }
    }
    return false;
  }
}
