package io.jray.cli;

import com.hazelcast.internal.json.JsonObject;
import com.hazelcast.internal.json.JsonValue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jray logs PID}: what a worker or actor printed, as Ray's {@code ray logs}. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Prints what a worker or actor process of a running session printed.")
final class LogsCommand implements Callable<Integer> {
  /** How often --follow asks for new lines. */
  static final long FOLLOW_MILLIS = 500;

  @Parameters(index = "0", paramLabel = "PID",
      description = "The process (see jray list actors, or the dashboard); 0 for every worker.")
  long pid;

  @Option(names = {"-f", "--follow"},
      description = "Keep printing new lines until the session ends (or Ctrl+C).")
  boolean follow;

  @Option(names = "--tail", defaultValue = "1000",
      description = "Start with at most this many of the last lines (default: ${DEFAULT-VALUE}).")
  int tail;

  @Option(names = "--dashboard", paramLabel = "URL",
      description = "The session's dashboard (default: the session running on this machine).")
  String dashboard;

  @Override
  public Integer call() throws InterruptedException {
    SessionClient session = SessionClient.find(dashboard);
    long after = print(session.json("/api/logs?pid=" + pid + "&after=-1&limit=" + tail));
    while (follow) {
      Thread.sleep(FOLLOW_MILLIS);
      JsonObject page;
      try {
        page = session.json("/api/logs?pid=" + pid + "&after=" + after + "&limit=1000");
      } catch (IllegalStateException ended) {
        System.err.println("jray logs: the session ended.");
        return 0;
      }
      after = print(page);
    }
    return 0;
  }

  /** Prints the lines (prefixed with their pid when they are every worker's); returns the last seq. */
  private long print(JsonObject page) {
    for (JsonValue value : page.get("lines").asArray()) {
      JsonObject line = value.asObject();
      String text = line.getString("text", "");
      String prefixed = pid == 0 ? "(pid=" + line.getLong("pid", 0) + ") " + text : text;
      if (line.getBoolean("stderr", false)) {
        System.err.println(prefixed);
      } else {
        System.out.println(prefixed);
      }
    }
    System.out.flush();
    return page.getLong("last", -1);
  }
}
