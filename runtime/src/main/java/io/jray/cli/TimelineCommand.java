package io.jray.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jray timeline FILE}: the session's Chrome trace, as {@code Ray.timeline(Path)} writes it. */
@Command(name = "timeline", mixinStandardHelpOptions = true,
    description = "Writes a running session's timeline, a Chrome trace for chrome://tracing or"
        + " Perfetto.")
final class TimelineCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the trace (JSON).")
  Path file;

  @Option(names = "--dashboard", paramLabel = "URL",
      description = "The session's dashboard (default: the session running on this machine).")
  String dashboard;

  @Override
  public Integer call() throws IOException {
    byte[] trace = SessionClient.find(dashboard).get("/api/timeline");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, trace);
    System.out.println("Wrote the timeline to " + file + " (" + trace.length + " bytes): open it"
        + " in chrome://tracing or https://ui.perfetto.dev");
    return 0;
  }
}
