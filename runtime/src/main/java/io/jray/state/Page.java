package io.jray.state;

import java.util.List;

/**
 * One page of a list: the items from {@code offset}, at most {@code limit} of them, and how many
 * there are in all, so that a caller can page through a large list without copying it.
 *
 * @param items the items of this page, in the list's order
 * @param total how many items the whole list has
 * @param offset the index of the first item of this page in the whole list
 * @param limit the largest page size asked for
 * @param <T> the type of the items
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {
  /**
   * Copies the items, so that the record cannot change.
   *
   * @param items the items of this page, in the list's order
   * @param total how many items the whole list has
   * @param offset the index of the first item of this page in the whole list
   * @param limit the largest page size asked for
   */
  public Page {
    items = List.copyOf(items);
  }

  /**
   * Whether there are items after this page.
   *
   * @return whether there are items after this page
   */
  public boolean hasMore() {
    return offset + (long) items.size() < total;
  }
}
