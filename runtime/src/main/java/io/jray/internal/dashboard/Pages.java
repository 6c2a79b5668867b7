package io.jray.internal.dashboard;

import io.jray.state.Page;
import java.util.List;

/** Paging of a list that is small enough to copy whole. */
final class Pages {
  private Pages() {}

  static <T> Page<T> of(List<T> all, int offset, int limit) {
    int from = Math.min(offset, all.size());
    int to = (int) Math.min(all.size(), (long) from + limit);
    return new Page<>(all.subList(from, to), all.size(), offset, limit);
  }
}
