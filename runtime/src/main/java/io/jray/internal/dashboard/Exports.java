package io.jray.internal.dashboard;

import java.io.IOException;
import java.io.OutputStream;

/**
 * What the dashboard offers beside the state API: files made from the whole session, each built
 * when asked for. A seam, so that the server's tests can serve their own.
 */
interface Exports {
  /** Nothing to export: the server answers 404 for these paths. */
  Exports NONE = new Exports() {};

  /** The timeline as a Chrome trace (see {@link ChromeTrace}), or null if there is none. */
  default String timeline() {
    return null;
  }

  /** The nodes of the session, as JSON ({@code {"items":[...],"total":n}}), or null. */
  default String nodes() {
    return null;
  }

  /**
   * Writes the metrics in the format {@code accept} asks for, or the text format; returns the
   * content type written, or null (writing nothing) if there are none.
   */
  default String metrics(String accept, OutputStream out) throws IOException {
    return null;
  }
}
