package io.jray.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A frame whose counts or lengths claim more than it holds fails before the reader allocates for
 * them: a hostile or broken peer cannot make a process allocate more than the frame's own size.
 */
class HostileFramesTest {
  /** Below what these frames claim (64 KB to gigabytes), far above what decoding uses. */
  private static final long ALLOWED_BYTES = 64 << 10;
  private static final int MANY = 1 << 20;

  @FunctionalInterface
  private interface Payload {
    void write(DataOutputStream out) throws IOException;
  }

  @Test
  void idListsLongerThanTheFrame() throws IOException {
    refusedWithoutAllocating(FrameType.RECALL, false, out -> {
      out.writeInt(MANY);
      out.writeLong(1);
    });
    refusedWithoutAllocating(FrameType.RECALL, false, out -> out.writeInt(Integer.MAX_VALUE));
    refusedWithoutAllocating(FrameType.CONTAINS, true, out -> {
      out.writeLong(1);
      out.writeInt(MANY);
    });
    refusedWithoutAllocating(FrameType.RETURNED, true, out -> {
      out.writeInt(0);
      out.writeInt(MANY);
    });
    refusedWithoutAllocating(FrameType.TASK_DONE, true, out -> {
      out.writeLong(1);
      out.writeBoolean(false);
      out.writeInt(MANY);
    });
  }

  @Test
  void bytesAndStringsLongerThanTheFrame() throws IOException {
    refusedWithoutAllocating(FrameType.HELLO, true, out -> {
      out.writeShort(0xffff);
      out.writeLong(1);
      out.writeInt(1);
    });
    refusedWithoutAllocating(FrameType.GET_ACTOR_REQUEST, true, out -> {
      out.writeLong(1);
      out.writeShort(0xffff);
      out.writeLong(0);
    });
    refusedWithoutAllocating(FrameType.RESPONSE, false, out -> {
      out.writeLong(1);
      out.writeBoolean(false);
      out.writeShort(0xffff);
    });
  }

  @Test
  void tasksLongerThanTheFrame() throws IOException {
    refusedWithoutAllocating(FrameType.EXECUTE_BATCH, false, out -> {
      out.writeInt(MANY);
      out.writeLong(0);
    });
    refusedWithoutAllocating(FrameType.EXECUTE, false, out -> {
      task(out, 1);
      out.writeByte(0);
      out.writeInt(MANY); // the argument's length
    });
    refusedWithoutAllocating(FrameType.EXECUTE, false, out -> {
      task(out, 0);
      out.writeInt(MANY); // nested refs
    });
    refusedWithoutAllocating(FrameType.ACTOR_CALL, false, out -> {
      task(out, 200); // arguments: each takes at least five bytes
      out.writeByte(1);
      out.writeLong(5);
    });
  }

  /** A task's fields up to its arguments: id, function, name, retries, flag, argument count. */
  private static void task(DataOutputStream out, int arguments) throws IOException {
    out.writeLong(1);
    out.writeUTF("f");
    out.writeUTF("f");
    out.writeInt(0);
    out.writeBoolean(false);
    out.writeInt(arguments);
  }

  private static void refusedWithoutAllocating(byte type, boolean toDriver, Payload payload)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    payload.write(out);
    out.flush();
    byte[] frame = bytes.toByteArray();
    refused(type, toDriver, frame); // loads the classes involved, which allocates
    long before = allocatedBytes();
    IOException e = refused(type, toDriver, frame);
    long allocated = allocatedBytes() - before;
    assertTrue(e.getMessage().contains(FrameType.name(type)), e.getMessage());
    assertTrue(allocated < ALLOWED_BYTES,
        "decoding a " + frame.length + "-byte " + FrameType.name(type) + " frame allocated "
            + allocated + " bytes");
  }

  private static IOException refused(byte type, boolean toDriver, byte[] frame) {
    return assertThrows(IOException.class, () -> {
      if (toDriver) {
        ToDriver.read(type, FramesTest.input(frame));
      } else {
        ToWorker.read(type, FramesTest.input(frame));
      }
    });
  }

  private static long allocatedBytes() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemoryEnabled(), "this JVM counts no allocations");
    return threads.getCurrentThreadAllocatedBytes();
  }
}
