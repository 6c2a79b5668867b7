package io.jray.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class UnserializableTest {
  record Job(String name, Holder holder) {}

  static final class Holder {
    final Object resource;

    Holder(Object resource) {
      this.resource = resource;
    }
  }

  private static String failure(Object value) {
    return assertThrows(SerializationException.class, () -> RoundTrip.SERIALIZER.serialize(value)).getMessage();
  }

  @Test
  void threadIsRefusedWithPathAndAdvice() {
    String message = failure(new Job("j", new Holder(new Thread(() -> { }))));
    assertTrue(message.startsWith("Cannot serialize a value of class " + Job.class.getName()), message);
    assertTrue(message.contains("field 'holder' of " + Job.class.getName() + " -> field 'resource' of "
        + Holder.class.getName() + " holds a java.lang.Thread"), message);
    assertTrue(message.contains("a thread runs only in the process that started it"), message);
    assertTrue(message.contains("mark such fields transient"), message);
  }

  @Test
  void openFileStreamIsRefused() throws IOException {
    File file = Files.createTempFile("jray", ".txt").toFile();
    file.deleteOnExit();
    try (FileInputStream in = new FileInputStream(file)) {
      String message = failure(new Holder(in));
      assertTrue(message.contains("field 'resource' of " + Holder.class.getName() + " holds a java.io.FileInputStream"), message);
      assertTrue(message.contains("pass the data itself"), message);
    }
  }

  @Test
  void jdkClassesOutsideThePlainDataPackagesAreRefused() {
    String refused = failure(java.lang.management.ManagementFactory.getRuntimeMXBean());
    assertTrue(refused.contains("plain-data JDK classes"), refused);
    assertTrue(refused.contains("sun.management"), refused);
  }

  @Test
  void topLevelRefusedValuesAndLocks() {
    assertTrue(failure(Thread.currentThread()).contains("it is a java.lang.Thread"));
    assertTrue(failure(new ReentrantLock()).contains("lock or synchronizer"));
    assertTrue(failure(System.in).contains("java.io.BufferedInputStream"));
    assertTrue(failure(getClass().getClassLoader()).contains("class loader"));
  }

  @Test
  void nonSerializableLambdaIsRefusedButSerializableOneTravels() {
    Supplier<String> plain = () -> "hi";
    String message = failure(new Holder(plain));
    assertTrue(message.contains("holds a lambda that is not Serializable"), message);
    assertTrue(message.contains("field 'resource'"), message);

    int offset = 10;
    Function<Integer, Integer> serializable = (Function<Integer, Integer> & Serializable) x -> x + offset;
    Function<Integer, Integer> copy = RoundTrip.viaBytes(serializable);
    assertEquals(15, copy.apply(5));
  }

  @Test
  void serializerStaysUsableAfterAFailure() {
    failure(new Holder(new Thread(() -> { })));
    assertEquals("fine", RoundTrip.viaBytes("fine"));
  }
}
