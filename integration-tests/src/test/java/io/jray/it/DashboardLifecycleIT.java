package io.jray.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.Ray;
import io.jray.RayConfig;
import io.jray.RayException;
import io.jray.state.RayState;
import io.jray.state.TaskState;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Where the dashboard listens, what it says about it, and that shutdown stops it. */
@Timeout(300)
class DashboardLifecycleIT {

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  @Test
  void initStartsItOnLoopback8265AndSaysTheUrlOnce() throws Exception {
    JvmProcess.Result run = JvmProcess.runMain(JvmProcess.jrayFlags(), DashboardDriver.class.getName());
    String out = run.output();
    assertEquals(0, run.exitCode(), out);
    Matcher said = Pattern.compile("View the dashboard at (http://127\\.0\\.0\\.1:(\\d+))").matcher(out);
    assertTrue(said.find(), out);
    int port = Integer.parseInt(said.group(2));
    assertFalse(said.find(), "said twice: " + out);
    if (port != RayConfig.DEFAULT_DASHBOARD_PORT) {
      // Another session on this machine has 8265: then jray must have said so.
      assertTrue(out.contains("Port 8265 on 127.0.0.1 is in use"), out);
    }
    assertTrue(out.contains("url http://127.0.0.1:" + port), out);
    assertTrue(out.contains("summary {\"now\":"), out);
    assertTrue(out.contains("closed after shutdown"), out);
  }

  @Test
  void aTakenPortIsReplacedByAFreeOneOnLoopback() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Ray.init(RayConfig.builder().numCpus(1).dashboardPort(taken.getLocalPort()).build());
      URI url = URI.create(Ray.state().dashboardUrl().orElseThrow());
      assertEquals("127.0.0.1", url.getHost());
      assertNotEquals(taken.getLocalPort(), url.getPort());
      assertTrue(Http.json(url + "/api/summary").contains("\"numCpus\":1"));
    }
  }

  @Test
  void turnedOffThereIsNoServerButTheStateApiWorks() {
    Ray.init(RayConfig.builder().numCpus(1).includeDashboard(false).build());
    RayState state = Ray.state();
    assertTrue(state.dashboardUrl().isEmpty());
    assertEquals(1, state.summary().numCpus());
    assertEquals(2, state.processes().size(), state.processes().toString());
  }

  @Test
  void shutdownStopsServingAndTheStateStaysReadable() throws Exception {
    Ray.init(RayConfig.builder().numCpus(1).dashboardPort(0).build());
    RayState state = Ray.state();
    String url = state.dashboardUrl().orElseThrow();
    Ray.get(TasksRemote.add(1, 2));
    Ray.shutdown();
    assertThrows(ConnectException.class, () -> Http.get(url + "/api/summary"));
    assertTrue(state.dashboardUrl().isEmpty());
    assertEquals(1L, (long) state.summary().tasks().get(TaskState.FINISHED));
    assertThrows(RayException.class, Ray::state);
  }

  @Test
  void anExplicitHostIsUsed() throws Exception {
    Ray.init(RayConfig.builder().numCpus(1).dashboardPort(0).dashboardHost("localhost").build());
    URI url = URI.create(Ray.state().dashboardUrl().orElseThrow());
    assertTrue(InetAddress.getByName(url.getHost()).isLoopbackAddress(), url.toString());
    assertEquals(200, Http.get(url + "/").statusCode());
  }
}
