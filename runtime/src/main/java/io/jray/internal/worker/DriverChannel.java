package io.jray.internal.worker;

import io.jray.Tuning;
import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.SessionInfo;
import io.jray.internal.protocol.Connection;
import io.jray.internal.protocol.HeldValues;
import io.jray.internal.protocol.ToDriver;
import io.jray.internal.refs.LocalRefs;
import io.jray.internal.serialization.Serializer;
import io.jray.internal.store.ObjectStore;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * One channel to the driver and what works through it: the refs its code holds (reported on it,
 * in order with its results), the runtime its code calls, its generators and its calls. A
 * worker has one; a shared actor host has one of its own and one per actor (a lane), each under
 * a tag of its own, so that the driver sees each actor as it sees a process.
 */
final class DriverChannel {
  final Connection connection;
  final LocalRefs refs;
  final WorkerRuntime runtime;
  final GeneratorProducer generators;
  final Calls calls;
  /** The tag it said hello under: its ids', and its actor's held values' file's. */
  final int tag;

  private DriverChannel(Connection connection, LocalRefs refs, WorkerRuntime runtime,
      GeneratorProducer generators, Calls calls, int tag) {
    this.tag = tag;
    this.connection = connection;
    this.refs = refs;
    this.runtime = runtime;
    this.generators = generators;
    this.calls = calls;
  }

  /** What every channel of a process shares. */
  record Process(Path sessionDir, Path socket, byte[] secret, ObjectStore store,
      Serializer serializer, Tuning tuning, SessionInfo session) {
    /**
     * Where an actor host on channel {@code tag} keeps the values of the replies it holds back:
     * one slot for each it may hold at once.
     */
    HeldValues heldValues(int tag) {
      return HeldValues.of(HeldValues.file(sessionDir, tag),
          Math.max(0, tuning.repliesPerWrite() - 1));
    }
  }

  /** Connects and says hello under {@code tag}. */
  static DriverChannel open(Process process, int tag) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(process.socket()));
    Connection driver = new Connection(channel, process.tuning().lateFrameDelay().toNanos());
    driver.send(new ToDriver.Hello(process.secret(), ProcessHandle.current().pid(), tag));
    LocalRefs refs = new LocalRefs(new LocalRefs.Listener() {
      @Override
      public void acquired(long id) {
        tell(driver, new ToDriver.Acquire(id), id);
      }

      @Override
      public void released(long id) {
        tell(driver, new ToDriver.Release(id), id);
      }
    });
    ObjectIds ids = new ObjectIds(tag);
    WorkerRuntime runtime = new WorkerRuntime(process.store(), process.serializer(), ids, driver,
        process.tuning(), process.session());
    GeneratorProducer generators = new GeneratorProducer(driver, ids,
        new GeneratorCredits(process.tuning().generatorBackpressure()),
        new GeneratorCredits.Blocking() {
          @Override
          public void before() {
            runtime.beforeBlocking();
          }

          @Override
          public void after() {
            runtime.afterBlocking();
          }
        });
    Calls calls = new Calls(process.store(), process.serializer(), driver, generators);
    return new DriverChannel(driver, refs, runtime, generators, calls, tag);
  }

  /** Ends what this channel started: its refs' thread, then the channel. */
  void close() {
    refs.close();
    connection.close();
  }

  /** Sends news of an object; a driver that is gone needs no news. */
  private static void tell(Connection driver, ToDriver frame, long id) {
    try {
      driver.send(frame);
    } catch (IOException e) {
      Log.debug("Could not tell the driver about {}: {}", ObjectIds.hex(id), e.toString());
    }
  }
}
