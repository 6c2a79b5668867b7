package io.jray.internal.net;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Handles one type of message from a peer. For a request, the completed stage's bytes are the
 * reply (null for an empty one) and its failure is sent back as an error; for a one-way message
 * the result is ignored. A peer's messages are handled one at a time, in the order it sent them,
 * on a pool thread: a handler with long work should hand it off and complete the stage later.
 */
@FunctionalInterface
public interface MessageHandler {
  CompletionStage<byte[]> handle(Peer from, byte[] payload);

  /** A handler that answers at once, on the pool thread; a throw becomes the error reply. */
  @FunctionalInterface
  interface Sync {
    byte[] handle(Peer from, byte[] payload) throws Exception;
  }

  static MessageHandler sync(Sync handler) {
    return (from, payload) -> {
      try {
        return CompletableFuture.completedFuture(handler.handle(from, payload));
      } catch (Exception | Error e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }
}
