package io.jray;

import java.util.concurrent.CompletableFuture;

/**
 * A future value in the object store: the result of a remote call, or a value given to {@link
 * Ray#put}. Pass it to {@link Ray#get} for the value, or to another remote call in place of the
 * value. Refs are small and may be passed between processes; they print as {@code
 * ObjectRef(<hex id>)}.
 *
 * @param <T> the type of the value
 */
public interface ObjectRef<T> {

  /**
   * The object's id as hex, as it prints.
   *
   * @return the object's id, in hex
   */
  String hex();

  /**
   * A future that completes with the value, or with the error that {@link Ray#get} would throw.
   *
   * @return a future of the value
   */
  CompletableFuture<T> toFuture();
}
