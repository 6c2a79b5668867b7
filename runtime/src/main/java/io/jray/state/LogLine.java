package io.jray.state;

import java.time.Instant;

/**
 * A line a worker printed.
 *
 * @param seq a number that grows with every line of the session, across processes: pass the
 *     last one seen to {@link RayState#logs} to get only newer lines
 * @param pid the process that printed it
 * @param time when the driver received it
 * @param stderr whether it came on stderr
 * @param text the line, without its line break (very long lines are cut)
 */
public record LogLine(long seq, long pid, Instant time, boolean stderr, String text) {}
