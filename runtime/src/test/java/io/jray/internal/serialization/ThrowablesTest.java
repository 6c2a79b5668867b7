package io.jray.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrowablesTest {
  static class OrderException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int orderId;
    private final List<String> items;

    OrderException(int orderId, List<String> items, String message) {
      super(message);
      this.orderId = orderId;
      this.items = items;
    }

    List<String> items() {
      return items;
    }
  }

  /** Holds something that can never cross processes. */
  static class JobException extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Object ignored = new Object();
    final Object input;

    JobException(String message, Object input, Throwable cause) {
      super(message, cause);
      this.input = input;
    }
  }

  static class Quiet extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Quiet(String message) {
      super(message, null, false, false);
    }
  }

  private static <T extends Throwable> T thrown(T t) {
    try {
      throw t;  // Give it a real stack trace of this test's frames.
    } catch (Throwable caught) {
      return t;
    }
  }

  private static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void customExceptionKeepsClassMessageTraceAndFields() {
    OrderException original = thrown(new OrderException(42, List.of("apple"), "order 42 failed"));
    Throwable copy = (Throwable) RoundTrip.SERIALIZER.deserialize(RoundTrip.SERIALIZER.serializeThrowable(original));
    OrderException order = assertInstanceOf(OrderException.class, copy);
    assertEquals("order 42 failed", order.getMessage());
    assertEquals(42, order.orderId);
    assertEquals(List.of("apple"), order.items());
    assertArrayEquals(original.getStackTrace(), order.getStackTrace());
    assertEquals(printed(original), printed(order));
  }

  @Test
  void causeChainAndSuppressedSurvive() {
    IOException root = thrown(new IOException("disk"));
    IllegalStateException middle = new IllegalStateException("state", root);
    RuntimeException top = new RuntimeException("top", middle);
    top.addSuppressed(new IllegalArgumentException("also"));
    RuntimeException copy = RoundTrip.viaBytes(top);
    assertEquals("state", copy.getCause().getMessage());
    assertInstanceOf(IOException.class, copy.getCause().getCause());
    assertArrayEquals(root.getStackTrace(), copy.getCause().getCause().getStackTrace());
    assertEquals(1, copy.getSuppressed().length);
    assertEquals("also", copy.getSuppressed()[0].getMessage());
    assertEquals(printed(top), printed(copy));
    assertNull(copy.getCause().getCause().getCause());
  }

  @Test
  void unsetCauseCanStillBeInitializedAndSuppressionFlagsKept() {
    RuntimeException copy = RoundTrip.viaBytes(new RuntimeException("no cause yet"));
    copy.initCause(new Error("later"));
    assertEquals("later", copy.getCause().getMessage());

    Quiet quiet = RoundTrip.viaBytes(new Quiet("quiet"));
    quiet.addSuppressed(new RuntimeException("dropped"));
    assertEquals(0, quiet.getSuppressed().length);
    assertEquals(0, quiet.getStackTrace().length);
  }

  @Test
  void cyclicCauseChainRoundTrips() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    RuntimeException copy = RoundTrip.viaBytes(a);
    assertSame(copy, copy.getCause().getCause());
  }

  @Test
  void jdkExceptionsOutsideOpenedPackagesStillArriveAsThemselves() {
    NoSuchFileException missing = thrown(new NoSuchFileException("/tmp/x", null, "gone"));
    NoSuchFileException copy = RoundTrip.viaBytes(missing);
    assertEquals("/tmp/x", copy.getFile());
    assertEquals(missing.getMessage(), copy.getMessage());
    assertArrayEquals(missing.getStackTrace(), copy.getStackTrace());
    UncheckedIOException wrapped = RoundTrip.viaBytes(new UncheckedIOException("io", new IOException("x")));
    assertEquals("x", wrapped.getCause().getMessage());
  }

  @Test
  void unserializableFieldFailsPlainSerializeWithItsPath() {
    JobException job = new JobException("boom", new ByteArrayInputStream(new byte[1]), null);
    SerializationException e = assertThrows(SerializationException.class, () -> RoundTrip.SERIALIZER.serialize(job));
    assertTrue(e.getMessage().contains("field 'input' of " + JobException.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("java.io.ByteArrayInputStream"), e.getMessage());
  }

  @Test
  void unserializableExceptionArrivesAsStandInWithEverythingElseKept() throws IOException {
    OrderException cause = thrown(new OrderException(7, List.of(), "cause stays itself"));
    try (Socket socket = new Socket()) {
      JobException job = thrown(new JobException("boom", socket, cause));
      job.addSuppressed(new IllegalStateException("suppressed"));
      Throwable copy = (Throwable) RoundTrip.SERIALIZER.deserialize(RoundTrip.SERIALIZER.serializeThrowable(job));

      RemoteThrowableStandIn standIn = assertInstanceOf(RemoteThrowableStandIn.class, copy);
      assertEquals(JobException.class.getName(), standIn.originalClassName());
      assertEquals("boom", standIn.getMessage());
      assertTrue(standIn.toString().startsWith(JobException.class.getName() + ": boom"), standIn.toString());
      assertTrue(standIn.reason().contains("field 'input' of " + JobException.class.getName() + " holds a java.net.Socket"),
          standIn.reason());
      assertArrayEquals(job.getStackTrace(), standIn.getStackTrace());
      OrderException copiedCause = assertInstanceOf(OrderException.class, standIn.getCause());
      assertEquals(7, copiedCause.orderId);
      assertEquals("suppressed", standIn.getSuppressed()[0].getMessage());
      assertTrue(printed(standIn).contains("Caused by: " + OrderException.class.getName() + ": cause stays itself"));
    }
  }

  @Test
  void unserializableCauseIsReplacedToo() {
    JobException inner = thrown(new JobException("inner", InputStream.nullInputStream(), null));
    RuntimeException outer = new RuntimeException("outer", inner);
    Throwable copy = (Throwable) RoundTrip.SERIALIZER.deserialize(RoundTrip.SERIALIZER.serializeThrowable(outer));
    assertEquals("outer", copy.getMessage());
    RemoteThrowableStandIn cause = assertInstanceOf(RemoteThrowableStandIn.class, copy.getCause());
    assertEquals(JobException.class.getName(), cause.originalClassName());
    assertArrayEquals(inner.getStackTrace(), cause.getStackTrace());
  }

  @Test
  void serializeThrowableNeverThrowsEvenWhenGetMessageDoes() {
    RuntimeException nasty = new RuntimeException() {
      private static final long serialVersionUID = 1L;
      final Thread thread = Thread.currentThread();

      @Override
      public String getMessage() {
        throw new IllegalStateException("no message for you");
      }
    };
    Throwable copy = (Throwable) RoundTrip.SERIALIZER.deserialize(RoundTrip.SERIALIZER.serializeThrowable(nasty));
    assertInstanceOf(RemoteThrowableStandIn.class, copy);
    assertTrue(copy.getMessage().contains("getMessage() threw"), copy.getMessage());
  }
}
