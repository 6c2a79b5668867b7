package io.jray.internal.store;

import java.nio.ByteBuffer;

// TEMPORARY stand-in.
public record StoredObject(byte flags, ByteBuffer data) {}
