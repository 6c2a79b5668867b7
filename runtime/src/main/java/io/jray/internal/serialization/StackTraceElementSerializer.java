package io.jray.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Field;

/**
 * A stack frame, exactly: every field that {@code equals} compares, plus the private {@code
 * format} byte that tells {@code toString} to leave out the "app//" loader name and JDK module
 * versions, so a remote trace prints as it did in the worker. The public constructor cannot set
 * that byte; java.lang is open to jray (a flag every jray JVM has), so reflection can.
 */
final class StackTraceElementSerializer extends Serializer<StackTraceElement> {
  private static final Field FORMAT = formatField();

  StackTraceElementSerializer() {
    super(false, true);
  }

  @Override
  public void write(Kryo kryo, Output output, StackTraceElement frame) {
    output.writeString(frame.getClassLoaderName());
    output.writeString(frame.getModuleName());
    output.writeString(frame.getModuleVersion());
    output.writeString(frame.getClassName());
    output.writeString(frame.getMethodName());
    output.writeString(frame.getFileName());
    output.writeVarInt(frame.getLineNumber(), false);
    output.writeByte(FORMAT == null ? 0 : readFormat(frame));
  }

  @Override
  public StackTraceElement read(Kryo kryo, Input input, Class<? extends StackTraceElement> type) {
    StackTraceElement frame = new StackTraceElement(input.readString(), input.readString(),
        input.readString(), input.readString(), input.readString(), input.readString(),
        input.readVarInt(false));
    byte format = input.readByte();
    if (FORMAT != null) {
      try {
        FORMAT.setByte(frame, format);
      } catch (IllegalAccessException e) {
        // Only the printed form suffers; the frame itself is complete.
      }
    }
    return frame;
  }

  private static byte readFormat(StackTraceElement frame) {
    try {
      return FORMAT.getByte(frame);
    } catch (IllegalAccessException e) {
      return 0;
    }
  }

  private static Field formatField() {
    try {
      Field field = StackTraceElement.class.getDeclaredField("format");
      field.setAccessible(true);
      return field.getType() == byte.class ? field : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;  // A JDK without the field, or without java.lang opened: frames print in full.
    }
  }
}
