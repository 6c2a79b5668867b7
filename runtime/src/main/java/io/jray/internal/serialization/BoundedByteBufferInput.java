package io.jray.internal.serialization;

import com.esotericsoftware.kryo.io.ByteBufferInput;

/**
 * A ByteBuffer input (direct, mapped or read-only; never copied to a byte[]) whose bulk reads check their length prefix against the bytes that are left before
 * allocating (see {@link Bounds}). Strings are covered through {@link #readVarIntFlag(boolean)},
 * which Kryo uses for string and collection lengths.
 */
final class BoundedByteBufferInput extends ByteBufferInput {
  @Override
  public int readVarIntFlag(boolean optimizePositive) {
    int value = super.readVarIntFlag(optimizePositive);
    // The value is a count plus one (zero means null); the count itself must fit.
    Bounds.checkCount(this, Math.max(0, value - 1));
    return value;
  }

  @Override
  public byte[] readBytes(int length) {
    Bounds.checkCount(this, length);
    return super.readBytes(length);
  }

  @Override
  public int[] readInts(int length) {
    Bounds.checkCount(this, length);
    return super.readInts(length);
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) {
    Bounds.checkCount(this, length);
    return super.readInts(length, optimizePositive);
  }

  @Override
  public long[] readLongs(int length) {
    Bounds.checkCount(this, length);
    return super.readLongs(length);
  }

  @Override
  public long[] readLongs(int length, boolean optimizePositive) {
    Bounds.checkCount(this, length);
    return super.readLongs(length, optimizePositive);
  }

  @Override
  public float[] readFloats(int length) {
    Bounds.checkCount(this, length);
    return super.readFloats(length);
  }

  @Override
  public double[] readDoubles(int length) {
    Bounds.checkCount(this, length);
    return super.readDoubles(length);
  }

  @Override
  public short[] readShorts(int length) {
    Bounds.checkCount(this, length);
    return super.readShorts(length);
  }

  @Override
  public char[] readChars(int length) {
    Bounds.checkCount(this, length);
    return super.readChars(length);
  }

  @Override
  public boolean[] readBooleans(int length) {
    Bounds.checkCount(this, length);
    return super.readBooleans(length);
  }
}
