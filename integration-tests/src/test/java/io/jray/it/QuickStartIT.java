package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's quick start, run in its own JVM exactly as the sample is. */
class QuickStartIT {

  @Test
  void quickStartPrintsTheSeedsOutput() throws Exception {
    JvmProcess.Result run = JvmProcess.runMain(JvmProcess.jrayFlags(), "io.jray.samples.QuickStart");
    String out = run.output();
    assertEquals(0, run.exitCode(), out);
    assertTrue(out.contains("Number of cores: " + Runtime.getRuntime().availableProcessors()), out);
    assertTrue(out.contains("Dashboard: http://127.0.0.1:"), out);
    assertTrue(out.contains("Local execution time"), out);
    assertTrue(out.contains("Remote execution time"), out);
    Matcher speedup = Pattern.compile("Speedup: ([0-9.]+)x").matcher(out);
    assertTrue(speedup.find(), out);
    Matcher ref = Pattern.compile("ObjectRef\\([0-9a-f]{16}\\)").matcher(out);
    assertTrue(ref.find(), out);
    assertTrue(out.contains("total(xs) = 158"), out);
    assertTrue(Pattern.compile("An actor: Actor\\(GoalsScored, [0-9a-f]{16}\\)").matcher(out).find(),
        out);
    assertTrue(out.contains("Goals scored: 1, then 2"), out);

    // The seed's task prints its pid and its parent's; the driver shows it prefixed (pid=N).
    Matcher driver = Pattern.compile("Driver pid: (\\d+)").matcher(out);
    assertTrue(driver.find(), out);
    Matcher task = Pattern.compile(
        "\\(pid=(\\d+)\\) I am a task in pid (\\d+), my parent is pid (\\d+)").matcher(out);
    assertTrue(task.find(), out);
    assertEquals(task.group(1), task.group(2), "the prefix names the task's own process");
    assertEquals(driver.group(1), task.group(3), "workers are the driver's children");
    Matcher pids = Pattern.compile("Tasks ran in pids \\[([0-9, ]+)\\]").matcher(out);
    assertTrue(pids.find(), out);
    assertTrue(java.util.List.of(pids.group(1).split(", ")).contains(task.group(1)), out);
  }

  @Test
  void workerOutputReachesTheDriverWithItsPid() throws Exception {
    JvmProcess.Result run = JvmProcess.runMain(JvmProcess.jrayFlags(), PrintingDriver.class.getName());
    assertEquals(0, run.exitCode(), run.output());
    Matcher line = Pattern.compile("\\(pid=(\\d+)\\) hello from a task").matcher(run.output());
    assertTrue(line.find(), run.output());
    assertTrue(run.output().contains("driver pid " ), run.output());
  }

  @Test
  void aDriverWithoutTheFlagsIsToldWhichToAdd() throws Exception {
    JvmProcess.Result run = JvmProcess.runMain(java.util.List.of(), PrintingDriver.class.getName());
    assertTrue(run.exitCode() != 0, run.output());
    assertTrue(run.output().contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), run.output());
  }
}
