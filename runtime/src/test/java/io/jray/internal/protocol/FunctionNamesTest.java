package io.jray.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionNamesTest {
  private static final List<String> NAMES = List.of("io.example.Jobs#square(int)", "Jobs.square",
      "", "a", "ünïcødé \u0000 and \uD83D\uDE00", "io.example.Jobs#cube(int)", "x".repeat(5000));

  @Test
  void writesExactlyWhatWriteUtfWrites() throws IOException {
    for (String name : NAMES) {
      for (int round = 0; round < 2; round++) { // the second from what it kept
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        new DataOutputStream(plain).writeUTF(name);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        FunctionNames.write(new DataOutputStream(kept), name);
        assertArrayEquals(plain.toByteArray(), kept.toByteArray(), name);
      }
    }
  }

  @Test
  void readsBackEveryNameAndTheSameStringOnceSeen() throws IOException {
    DataInputStream in = stream(NAMES, NAMES);
    List<String> first = new ArrayList<>();
    for (String name : NAMES) {
      String read = FunctionNames.read(in);
      assertEquals(name, read);
      first.add(read);
    }
    for (int i = 0; i < NAMES.size(); i++) {
      String again = FunctionNames.read(in);
      assertEquals(NAMES.get(i), again);
      if (!NAMES.get(i).isEmpty()) {
        assertSame(first.get(i), again, "one String per name: " + NAMES.get(i));
      }
    }
    assertEquals(0, in.available());
  }

  @Test
  void namesThatShareASlotStillReadBackAsThemselves() throws IOException {
    // Same length, same sampled bytes: only the bytes between tell them apart.
    List<String> alike = List.of("aXcdefgh", "aYcdefgh", "aXcdefgh", "aYcdefgh");
    DataInputStream in = stream(alike);
    for (String name : alike) {
      assertEquals(name, FunctionNames.read(in));
    }
  }

  @Test
  void aLengthPastTheFrameFailsBeforeAnythingIsAllocated() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(60_000);
    out.writeBytes("short");
    IOException error = assertThrows(IOException.class, () -> FunctionNames.read(
        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    assertTrue(error.getMessage().contains("cannot fit"), error.getMessage());
  }

  @SafeVarargs
  private static DataInputStream stream(List<String>... lists) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (List<String> names : lists) {
      for (String name : names) {
        out.writeUTF(name);
      }
    }
    return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
  }
}
