package io.jray.internal.dashboard;

import io.jray.state.LogLine;
import java.util.ArrayList;
import java.util.List;

/** The last lines one process printed, at most a fixed number. Guarded by StateRecorder. */
final class LogRing {
  /** Longer lines are cut here, so that a ring's memory stays bounded. */
  static final int MAX_LINE_CHARS = 4096;

  private final LogLine[] lines;
  private int oldest;
  private int size;

  LogRing(int maxLines) {
    this.lines = new LogLine[maxLines];
  }

  void add(LogLine line) {
    if (lines.length == 0) {
      return;
    }
    if (size == lines.length) {
      lines[oldest] = line;
      oldest = (oldest + 1) % lines.length;
    } else {
      lines[(oldest + size++) % lines.length] = line;
    }
  }

  int size() {
    return size;
  }

  private LogLine at(int i) {
    return lines[(oldest + i) % lines.length];
  }

  /** The last limit lines (afterSeq -1), or the first limit lines after afterSeq; oldest first. */
  List<LogLine> read(long afterSeq, int limit) {
    List<LogLine> out = new ArrayList<>();
    if (afterSeq < 0) {
      for (int i = Math.max(0, size - limit); i < size; i++) {
        out.add(at(i));
      }
      return out;
    }
    int low = 0;
    int high = size; // first index with seq > afterSeq: seqs grow along the ring
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (at(mid).seq() <= afterSeq) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    for (int i = low; i < size && out.size() < limit; i++) {
      out.add(at(i));
    }
    return out;
  }
}
