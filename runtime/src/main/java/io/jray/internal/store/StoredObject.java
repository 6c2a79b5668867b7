package io.jray.internal.store;

import java.nio.ByteBuffer;

/**
 * An object read from the {@link ObjectStore}.
 *
 * @param flags the caller's tag given to {@code put}
 * @param data read-only, positioned at 0, limit = the object's size; a heap copy for small
 *     objects, a mapping of the object's own file for large ones (the file's memory stays alive
 *     while this buffer is reachable)
 */
public record StoredObject(byte flags, ByteBuffer data) {}
