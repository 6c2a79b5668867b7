package io.jray.internal.protocol;

import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One message on the control channel. Each kind is a record in {@link ToDriver} or
 * {@link ToWorker}, and the record is the documentation of its layout: its {@code writeTo} and
 * {@code read} put and take the same fields in the same order. The format is internal: a driver
 * and its workers always come from the same build.
 */
public sealed interface Frame permits ToDriver, ToWorker {
  /** The frame's type byte, from {@link FrameType}. */
  byte type();

  /** Writes the payload (the fields, not the length or the type byte). */
  void writeTo(DataOutputStream out) throws IOException;
}
