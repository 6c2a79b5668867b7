package io.jray;

import java.util.List;

/**
 * What {@link Ray#wait} found: the refs whose values are ready, and the rest, each list in the
 * order the refs were given.
 *
 * @param <T> the type of the refs' values
 */
public final class WaitResult<T> {
  private final List<ObjectRef<T>> ready;
  private final List<ObjectRef<T>> unready;

  /**
   * A split of refs.
   *
   * @param ready the refs that are ready
   * @param unready the others
   */
  public WaitResult(List<ObjectRef<T>> ready, List<ObjectRef<T>> unready) {
    this.ready = List.copyOf(ready);
    this.unready = List.copyOf(unready);
  }

  /**
   * The refs that were ready, in the order given.
   *
   * @return the ready refs
   */
  public List<ObjectRef<T>> ready() {
    return ready;
  }

  /**
   * The refs that were not ready, in the order given.
   *
   * @return the refs not ready
   */
  public List<ObjectRef<T>> unready() {
    return unready;
  }

  @Override
  public String toString() {
    return "WaitResult(ready=" + ready + ", unready=" + unready + ")";
  }
}
