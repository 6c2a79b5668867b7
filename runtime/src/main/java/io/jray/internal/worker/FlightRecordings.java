package io.jray.internal.worker;

import io.jray.internal.Log;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Writes this worker's flight recordings before jray halts it. JFR writes a recording to its
 * file ({@code -XX:StartFlightRecording=filename=...} among the worker options), or one that
 * dumps on exit into its folder, in a shutdown hook, and {@code halt} runs none: without this, a
 * profiled worker left nothing.
 */
final class FlightRecordings {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss");

  private FlightRecordings() {}

  /** Writes each running recording that JFR would have written at exit; never fails. */
  static void writeBeforeHalt() {
    try {
      if (!FlightRecorder.isInitialized()) {
        return; // nothing was ever recorded: JFR's classes stay unloaded
      }
      for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
        if (recording.getState() != RecordingState.RUNNING) {
          continue;
        }
        if (recording.getDestination() != null) {
          recording.stop(); // which writes it to its file
        } else if (recording.getDumpOnExit()) {
          recording.dump(exitFolder().resolve(String.format("hotspot-pid-%d-id-%d-%s.jfr",
              ProcessHandle.current().pid(), recording.getId(),
              LocalDateTime.now().format(STAMP))));
        }
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      // A runtime without jdk.jfr, or a recording that cannot be written: the worker ends anyway.
      Log.debug("Could not write the flight recordings: {}", e.toString());
    }
  }

  /**
   * Where JFR writes a recording that dumps on exit and has no file of its own: the folder given
   * as a recording's {@code filename}, else the working directory.
   */
  private static Path exitFolder() {
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!argument.startsWith("-XX:StartFlightRecording")) {
        continue;
      }
      for (String option : argument.substring("-XX:StartFlightRecording".length()).split(",")) {
        String setting = option.replaceFirst("^[:=]", "");
        if (setting.startsWith("filename=")) {
          Path folder = Path.of(setting.substring("filename=".length()));
          if (Files.isDirectory(folder)) {
            return folder;
          }
        }
      }
    }
    return Path.of(System.getProperty("user.dir"));
  }
}
