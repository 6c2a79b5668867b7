package io.jray.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import io.jray.internal.resources.ResourceSet;
import org.junit.jupiter.api.Test;

/** Every frame type encodes and decodes to itself, and a malformed one fails cleanly. */
class FramesTest {
  private static final TaskSpec SPEC = new TaskSpec(42L, "a.BRemote#f(int,java.util.List)",
      "a.B.f \u00fc\u0000\ud83d\ude00", 3, true, new byte[][] {{1, 2, 3}, null, {}},
      new long[] {0L, 99L, 0L}, new long[] {7L, 8L})
      .withRetryOn(new String[] {"java.io.IOException", "a.B$Oops"}).withAttempt(2);
  private static final TaskSpec SHAPED = new TaskSpec(43L, "a.BRemote#g()", "a.B.g", 0, false,
      new byte[0][], new long[0], new long[0],
      ResourceSet.parse("CPU=0.5,GPU=2,memory=1048576,special=1"), new int[] {0, 3});
  private static final TaskSpec BARE = new TaskSpec(-1L, "", "", -1, false,
      new byte[0][], new long[0], new long[0]);

  /** At least one of each type, with the fields' edge cases. */
  static List<Frame> samples() {
    return List.of(
        new ToDriver.Hello(new byte[] {1, 2, 3, 4}, 1234L, 7),
        new ToDriver.TaskDone(5L, null, new long[0], true),
        new ToDriver.TaskDone(5L, "java.lang.IllegalStateException: no", new long[] {1L, 2L},
            true),
        new ToDriver.TaskDone(6L, "java.lang.IllegalStateException: no room", new long[0], false),
        new ToDriver.Submit(SPEC),
        new ToDriver.Submit(SHAPED),
        new ToDriver.Subscribe(9L),
        ToDriver.Blocked.INSTANCE,
        ToDriver.Unblocked.INSTANCE,
        new ToDriver.ActorCreated(true, null),
        new ToDriver.ActorCreated(false, "boom"),
        new ToDriver.SubmitActorCall(3L, SPEC),
        new ToDriver.KillActor(3L),
        new ToDriver.CreateActorRequest(1L, null, 2, -1, "a.Counter", BARE, 1, 0, false, false, false),
        new ToDriver.CreateActorRequest(2L, "counter", 0, 0, "a.Counter", SPEC, 4, 2, true, true, true),
        new ToDriver.GetActorRequest(3L, "counter", "a.Counter"),
        new ToDriver.Cancel(11L),
        new ToDriver.Cancel(11L, false, true),
        new ToDriver.Acquire(12L),
        new ToDriver.Release(13L),
        new ToDriver.Contains(14L, new long[] {15L, 16L, 17L}),
        new ToDriver.Returned(new long[] {1L}, new long[0]),
        new ToDriver.TaskDone(7L, null, new long[0], true, 1_700_000_000_000_000L,
            1_700_000_000_250_000L, 31L),
        new ToDriver.TaskDone(8L, "java.io.IOException: again", new long[0], false, 1L, 2L, 3L,
            true),
        new ToDriver.TaskDone(9L, null, new long[] {4L}, true, 1L, 2L, 3L, false,
            new byte[] {1, 0, -1}),
        new ToDriver.TaskDone(10L, null, new long[0], true, 1L, 2L, 3L, false, new byte[0]),
        new ToDriver.TaskDone(11L, null, new long[0], true, 1L, 2L, 3L, false,
            new byte[] {7}, true),
        new ToDriver.UserMeters(List.of()),
        new ToDriver.UserMeters(List.of(
            new ToDriver.UserMeters.Meter("items.processed", "COUNTER", null, null,
                List.of("source", "it"), List.of("COUNT"), new double[] {21}),
            new ToDriver.UserMeters.Meter("calls", "TIMER", "seconds", "calls \u00fc",
                List.of(), List.of("COUNT", "TOTAL_TIME", "MAX"), new double[] {3, 0.06, 0.02}))),
        new ToWorker.Execute(SPEC),
        new ToWorker.ExecuteBatch(List.of(SPEC, BARE)),
        new ToWorker.ObjectReady(21L),
        new ToWorker.ObjectFailed(21L, "io.jray.ObjectLostException", "gone"),
        ToWorker.Shutdown.INSTANCE,
        new ToWorker.CreateActor(22L, "a.Counter", SPEC, 2, 3),
        new ToWorker.ActorCall(SPEC),
        ToWorker.Response.answer(4L, 55L),
        ToWorker.Response.refusal(5L, "No actor named 'x'"),
        new ToWorker.Recall(new long[] {1L, 2L, 3L}),
        new ToWorker.CancelTask(9L),
        new ToDriver.GeneratorItem(23L, 2, 24L),
        new ToWorker.GeneratorConsumed(23L, Integer.MAX_VALUE),
        new ToDriver.HostExiting(0x10000000001L),
        new ToWorker.OpenLane(7));
  }

  @Test
  void theSamplesCoverEveryFrameType() throws IllegalAccessException {
    Set<Byte> declared = new TreeSet<>();
    for (Field field : FrameType.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == byte.class) {
        declared.add(field.getByte(null));
      }
    }
    Set<Byte> sampled = samples().stream().map(Frame::type).collect(Collectors.toCollection(
        TreeSet::new));
    assertEquals(declared, sampled);
  }

  @Test
  void everyFrameTypeRoundTrips() throws IOException {
    for (Frame frame : samples()) {
      byte[] payload = encode(frame);
      Frame read = decode(frame, payload);
      assertEquals(frame.getClass(), read.getClass());
      assertTrue(same(frame, read), () -> frame + " came back as " + read);
      assertArrayEquals(payload, encode(read), frame.toString());
    }
  }

  @Test
  void aFrameCutShortAtAnyByteFailsWithAnIoExceptionNamingItsType() throws IOException {
    for (Frame frame : samples()) {
      byte[] payload = encode(frame);
      for (int length = 0; length < payload.length; length++) {
        byte[] cut = Arrays.copyOf(payload, length);
        IOException e = assertThrows(IOException.class, () -> decode(frame, cut),
            frame + " cut to " + cut.length);
        assertTrue(e.getMessage().contains(FrameType.name(frame.type())), e.getMessage());
      }
    }
  }

  @Test
  void bytesLeftAfterTheFieldsAreAnError() throws IOException {
    for (Frame frame : samples()) {
      byte[] longer = Arrays.copyOf(encode(frame), encode(frame).length + 1);
      IOException e = assertThrows(IOException.class, () -> decode(frame, longer),
          frame.toString());
      assertTrue(e.getMessage().contains("left over"), e.getMessage());
    }
  }

  @Test
  void anUnknownTypeOrOneFromTheOtherDirectionFails() {
    IOException unknown = assertThrows(IOException.class,
        () -> ToDriver.read((byte) 99, input(new byte[0])));
    assertTrue(unknown.getMessage().contains("99"), unknown.getMessage());
    assertThrows(IOException.class, () -> ToWorker.read((byte) 0, input(new byte[0])));
    assertThrows(IOException.class,
        () -> ToDriver.read(FrameType.SHUTDOWN, input(new byte[0])));
    assertThrows(IOException.class,
        () -> ToWorker.read(FrameType.BLOCKED, input(new byte[0])));
  }

  @Test
  void aTaskArgumentOfUnknownKindFails() throws IOException {
    byte[] payload = encode(new ToWorker.Execute(SPEC));
    int firstKind = 8 + 2 + "a.BRemote#f(int,java.util.List)".length() + 2
        + modifiedUtf8Length(SPEC.displayName()) + 4 + 1 + 4;
    assertEquals(0, payload[firstKind], "the first argument is a value");
    payload[firstKind] = 7;
    IOException e = assertThrows(IOException.class,
        () -> ToWorker.read(FrameType.EXECUTE, input(payload)));
    assertTrue(e.getMessage().contains("kind 7"), e.getMessage());
  }

  /** Random damage to real frames: each decodes to something or fails with an IOException. */
  @Test
  void damagedFramesNeverThrowAnythingButIoException() throws IOException {
    Random random = new Random(7);
    for (Frame frame : samples()) {
      byte[] payload = encode(frame);
      for (int trial = 0; trial < 300; trial++) {
        byte[] damaged = Arrays.copyOf(payload, payload.length + random.nextInt(3));
        for (int hits = 1 + random.nextInt(3); hits > 0 && damaged.length > 0; hits--) {
          damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
        }
        try {
          decode(frame, damaged);
        } catch (IOException expected) {
          // Fine: refused.
        } catch (RuntimeException | Error e) {
          fail(frame + " damaged to " + Arrays.toString(damaged) + " threw " + e, e);
        }
      }
    }
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Record && b != null && a.getClass() == b.getClass()) {
      for (RecordComponent component : a.getClass().getRecordComponents()) {
        try {
          if (!same(component.getAccessor().invoke(a), component.getAccessor().invoke(b))) {
            return false;
          }
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.deepEquals(a, b);
  }

  static byte[] encode(Frame frame) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    frame.writeTo(out);
    out.flush();
    return bytes.toByteArray();
  }

  static Frame decode(Frame like, byte[] payload) throws IOException {
    return like instanceof ToDriver
        ? ToDriver.read(like.type(), input(payload))
        : ToWorker.read(like.type(), input(payload));
  }

  static DataInputStream input(byte[] payload) {
    return new DataInputStream(new ByteArrayInputStream(payload));
  }

  private static int modifiedUtf8Length(String s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new DataOutputStream(bytes).writeUTF(s);
    return bytes.size() - 2;
  }
}
