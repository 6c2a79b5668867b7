package io.jray.state;

import java.time.Instant;

/**
 * One measurement of one process, taken every second while the session runs.
 *
 * @param time when it was taken
 * @param pid the process
 * @param cpuPercent CPU use since the previous sample, in percent of one core
 * @param rssBytes resident memory
 */
public record ResourceSample(Instant time, long pid, double cpuPercent, long rssBytes) {}
