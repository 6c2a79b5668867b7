package io.jray.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteBufferTest {
  private static ByteBuffer roundTrip(ByteBuffer buffer) {
    byte[] bytes = RoundTrip.SERIALIZER.serialize(buffer);
    return (ByteBuffer) RoundTrip.SERIALIZER.deserialize(ByteBuffer.wrap(bytes));
  }

  @Test
  void aHeapBufferTravelsFromItsPositionToItsLimitAndTheSendersIsNotMoved() {
    ByteBuffer sent = ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4, 5}, 1, 4).slice(); // 1..4
    sent.position(1);
    ByteBuffer got = roundTrip(sent);
    assertEquals(1, sent.position(), "the sender's buffer moved");
    assertEquals(ByteBuffer.wrap(new byte[] {2, 3, 4}), got);
    assertEquals(0, got.position());
    assertFalse(got.isDirect());
    assertFalse(got.isReadOnly());
  }

  @Test
  void aDirectBufferComesBackDirectWithItsByteOrder() {
    ByteBuffer sent = ByteBuffer.allocateDirect(20_000).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 5_000; i++) {
      sent.putInt(i);
    }
    sent.flip();
    ByteBuffer got = roundTrip(sent);
    assertTrue(got.isDirect());
    assertEquals(ByteOrder.LITTLE_ENDIAN, got.order());
    assertEquals(20_000, got.remaining());
    assertEquals(4_999, got.getInt(19_996));
  }

  @Test
  void readOnlyAndEmptyBuffersAndBuffersInsideValuesTravelToo() {
    ByteBuffer readOnly = ByteBuffer.wrap(new byte[] {7, 8}).asReadOnlyBuffer();
    assertEquals(ByteBuffer.wrap(new byte[] {7, 8}), roundTrip(readOnly));
    assertEquals(0, roundTrip(ByteBuffer.allocate(0)).remaining());
    @SuppressWarnings("unchecked")
    List<ByteBuffer> list = (List<ByteBuffer>) RoundTrip.SERIALIZER.deserialize(ByteBuffer.wrap(
        RoundTrip.SERIALIZER.serialize(List.of(ByteBuffer.wrap(new byte[] {9})))));
    assertEquals(List.of(ByteBuffer.wrap(new byte[] {9})), list);
  }

  @Test
  void otherBuffersAreStillRefused() {
    SerializationException refused = org.junit.jupiter.api.Assertions.assertThrows(
        SerializationException.class, () -> RoundTrip.SERIALIZER.serialize(CharBuffer.wrap("x")));
    assertTrue(refused.getMessage().contains("ByteBuffer"), refused.getMessage());
  }
}
