package io.jray.cli;

import com.hazelcast.internal.json.JsonObject;
import com.hazelcast.internal.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jray list tasks|actors|objects|nodes}: as Ray's {@code ray list}, from the dashboard. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Lists the tasks, actors, objects or nodes of a running session.")
final class ListCommand implements Callable<Integer> {
  /** What can be listed, with the columns of its table. */
  enum Kind {
    tasks("taskId", "state", "function", "workerPid", "attempts", "error"),
    actors("actorId", "className", "name", "state", "pid", "calls"),
    objects("objectId", "sizeBytes", "storedIn", "creatorPid", "task", "error"),
    nodes("nodeId", "address", "alive", "resources");

    final String[] columns;

    Kind(String... columns) {
      this.columns = columns;
    }
  }

  /** How to print. */
  enum Format { table, json }

  @Parameters(index = "0", paramLabel = "WHAT", description = "tasks, actors, objects or nodes")
  Kind kind;

  @Option(names = "--state", paramLabel = "STATE",
      description = "Tasks only: pending, running, finished or failed (default: all).")
  String state;

  @Option(names = "--limit", defaultValue = "100",
      description = "At most this many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--format", defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--dashboard", paramLabel = "URL",
      description = "The session's dashboard (default: the session running on this machine).")
  String dashboard;

  @Override
  public Integer call() {
    if (state != null && kind != Kind.tasks) {
      throw new IllegalArgumentException("--state filters tasks only");
    }
    SessionClient session = SessionClient.find(dashboard);
    String path = "/api/" + kind + "?limit=" + limit
        + (state == null ? "" : "&state=" + SessionClient.encode(state));
    if (format == Format.json) {
      System.out.println(new String(session.get(path), StandardCharsets.UTF_8));
      return 0;
    }
    JsonObject page = session.json(path);
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[kind.columns.length];
    for (int i = 0; i < header.length; i++) {
      header[i] = kind.columns[i].replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
    rows.add(header);
    for (JsonValue item : page.get("items").asArray()) {
      String[] row = new String[kind.columns.length];
      for (int i = 0; i < row.length; i++) {
        row[i] = Table.text(item.asObject().get(kind.columns[i]));
      }
      rows.add(row);
    }
    Table.print(rows, System.out);
    long total = page.getLong("total", rows.size() - 1);
    System.out.println((rows.size() - 1) + " of " + total + " " + kind);
    return 0;
  }
}
