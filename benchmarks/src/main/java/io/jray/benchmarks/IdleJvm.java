package io.jray.benchmarks;

import java.io.IOException;

/**
 * The floor for an idle actor's memory: a JVM that prints {@code RESULT idle} and then does
 * nothing until its standard input closes, when it exits. Its owner measures it meanwhile.
 */
public final class IdleJvm {
  private IdleJvm() {}

  /**
   * Says it is up, then waits for the end of its input.
   *
   * @param args none
   * @throws IOException if its input cannot be read
   */
  public static void main(String[] args) throws IOException {
    System.out.println("RESULT idle");
    System.out.flush();
    while (System.in.read() >= 0) {
      // nothing to do: the owner closes our input to end us
    }
  }
}
