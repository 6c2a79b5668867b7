package io.jray.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * jray's command line, as {@code ray} is Ray's: start and stop the nodes of a cluster, and see
 * what it holds. {@code bin/jray} runs it with the right class path and flags.
 */
@Command(name = "jray", mixinStandardHelpOptions = true, version = "jray 0.1",
    description = "Starts, stops and shows the nodes of a jray cluster; shows, lists and"
        + " follows a running session.",
    subcommands = {StartCommand.class, StopCommand.class, StatusCommand.class,
        ListCommand.class, LogsCommand.class, TimelineCommand.class})
public final class Jray implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** The command line's top command, as picocli makes it; {@link #main} runs it. */
  public Jray() {}

  /**
   * Runs a command and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs one command and returns its exit code: for tests and for {@link #main}.
   *
   * @param args the command line
   * @return the exit code
   */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new Jray());
    // A user's mistake (a wrong token, nothing at an address) is one message, not a stack trace.
    commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("jray " + String.join(" ", line.getCommandName()) + ": "
          + e.getMessage());
      return 1;
    });
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
