package io.jray.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.RayException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterBasicsTest {
  @TempDir
  Path temp;

  @Test
  void theClusterNameIsAStableHashThatTellsTokensApartAndHidesThem() {
    ClusterToken token = ClusterToken.resolve("s3cret");
    assertEquals(token.clusterName(), ClusterToken.resolve("s3cret").clusterName());
    assertNotEquals(token.clusterName(), ClusterToken.resolve("s3cret2").clusterName());
    assertFalse(token.clusterName().contains("s3cret"));
    assertFalse(token.toString().contains("s3cret"));
    assertEquals(32, token.key().length);
  }

  @Test
  void anEmptyTokenIsRefusedWithWhatToDo() {
    RayException refused = assertThrows(RayException.class, () -> ClusterToken.resolve(" "));
    assertTrue(refused.getMessage().contains("--token"), refused.getMessage());
  }

  @Test
  void addressesAreHostColonPort() {
    assertEquals(new InetSocketAddress("127.0.0.2", 6380), Addresses.parse("127.0.0.2:6380"));
    for (String bad : List.of("127.0.0.1", "127.0.0.1:", ":6380", "h:x", "h:70000")) {
      assertThrows(RayException.class, () -> Addresses.parse(bad), bad);
    }
  }

  @Test
  void aNodeJvmKeepsItsParentsOptionsButNotADebuggerAndGetsHazelcastsFlags() {
    List<String> options = NodeDefaults.jvmOptions(List.of("-Xmx1g",
        "-agentlib:jdwp=transport=dt_socket,server=y", "--add-opens=java.base/java.lang=ALL-UNNAMED"));
    assertTrue(options.contains("-Xmx1g"));
    assertFalse(options.stream().anyMatch(o -> o.contains("jdwp")));
    assertEquals(1, options.stream()
        .filter(o -> o.equals("--add-opens=java.base/java.lang=ALL-UNNAMED")).count());
    assertTrue(options.contains("--add-modules=java.se"));
  }

  @Test
  void localNodesListsThisProcessPrivatelyAndForgetsWhatIsGone() throws Exception {
    LocalNodes nodes = new LocalNodes(temp.resolve("nodes"));
    NodeRecord record = new NodeRecord("id-1", "127.0.0.1", 6380, 6381, Map.of("CPU", 2.0),
        ProcessHandle.current().pid(), System.currentTimeMillis(), true);
    nodes.add(record, ClusterToken.resolve("t"), null);
    assertEquals("rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(nodes.folder())));
    List<LocalNodes.Entry> running = nodes.running();
    assertEquals(1, running.size());
    assertEquals("127.0.0.1:6380", running.get(0).address());
    assertEquals("t", running.get(0).token());
    assertTrue(running.get(0).process().isPresent());

    // A file whose process has gone (or whose pid was reused: another start time) is dropped.
    Path stale = nodes.folder().resolve("999999999.node");
    Files.writeString(stale, "pid=999999999\nstarted=2020-01-01T00:00:00Z\naddress=x:1\n");
    Files.writeString(nodes.folder().resolve(ProcessHandle.current().pid() + "1.node"),
        "pid=" + ProcessHandle.current().pid() + "\nstarted=2020-01-01T00:00:00Z\naddress=y:1\n");
    assertEquals(1, nodes.running().size());
    assertFalse(Files.exists(stale));

    nodes.remove(ProcessHandle.current().pid());
    assertEquals(List.of(), nodes.running());
  }
}
