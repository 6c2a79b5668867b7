package io.jray.it;

import io.jray.annotations.Remote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Streaming generators for {@link GeneratorIT}: tasks and an actor that yield values over time. */
public final class Generators {
  private Generators() {}

  /** 1..n, one every {@code pauseMillis}. */
  @Remote
  public static Iterator<Integer> countTo(int n, long pauseMillis) {
    return new Iterator<>() {
      private int next = 1;

      @Override
      public boolean hasNext() {
        return next <= n;
      }

      @Override
      public Integer next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        sleep(pauseMillis);
        return next++;
      }
    };
  }

  /** {@code count} values, each the time (epoch millis) at which the producer pulled it. */
  @Remote
  public static Iterator<Long> pullTimes(int count) {
    return Stream.generate(System::currentTimeMillis).limit(count).iterator();
  }

  /** 1..n, then an error. */
  @Remote
  public static Iterator<Integer> throwAfter(int n) {
    return new Iterator<>() {
      private int next = 1;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Integer next() {
        if (next > n) {
          throw new IllegalStateException("broke after " + n + " values");
        }
        return next++;
      }
    };
  }

  /** The words of the text, as a Stream. */
  @Remote
  public static Stream<String> words(String text) {
    return Stream.of(text.split(" "));
  }

  /** 1..n; the first attempt's process dies after {@code before} values. */
  @Remote(maxRetries = 1)
  public static Stream<Integer> dieOnceAfter(String file, int before, int n) throws IOException {
    boolean first = mark(file) == 1;
    return IntStream.rangeClosed(1, n).boxed().peek(i -> {
      if (first && i == before + 1) {
        Runtime.getRuntime().halt(21);
      }
    });
  }

  /** As {@link #dieOnceAfter}, with no retries: the process dies every time. */
  @Remote(maxRetries = 0)
  public static Stream<Integer> dieAfter(int before) {
    return IntStream.rangeClosed(1, before + 1).boxed().peek(i -> {
      if (i == before + 1) {
        Runtime.getRuntime().halt(22);
      }
    });
  }

  /** {@code count} arrays of {@code size} bytes, each filled with its index. */
  @Remote
  public static Stream<byte[]> blocks(int count, int size) {
    return IntStream.range(0, count).mapToObj(i -> {
      byte[] block = new byte[size];
      java.util.Arrays.fill(block, (byte) i);
      return block;
    });
  }

  @Remote
  public static int twice(int value) {
    return 2 * value;
  }

  /** Appends this attempt's pid to the file; returns the number of attempts so far. */
  private static int mark(String file) throws IOException {
    Path path = Paths.get(file);
    Files.writeString(path, ProcessHandle.current().pid() + "\n",
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return Files.readAllLines(path).size();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An actor whose method streams the lines it was given, with a running count. */
  @Remote
  public static class Lines {
    private final String[] lines;
    private int served;

    public Lines(String text) {
      this.lines = text.split("\n");
    }

    public Stream<String> numbered() {
      return Stream.of(lines).map(line -> ++served + ": " + line);
    }

    public int served() {
      return served;
    }
  }
}
