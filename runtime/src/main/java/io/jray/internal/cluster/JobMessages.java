package io.jray.internal.cluster;

import io.jray.internal.protocol.TaskSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a driver, its nodes and its job hosts say to each other over the data plane, a record per
 * message with its own encoding. Counts and lengths read from a peer are checked against the bytes
 * that are left, as the control channel's frames are.
 */
public final class JobMessages {
  /** Driver to node, a request: start a job host for this driver; the reply is JobStarted. */
  public static final int START_JOB = 1;
  /** Driver to job host: run a task. */
  public static final int EXECUTE = 10;
  /** Job host to driver: a task's result is stored there, or failed outside the store. */
  public static final int SETTLED = 11;
  /** Driver to job host: the driver holds these results no more. */
  public static final int RELEASE = 12;
  /** Driver to job host: where the objects of each slot of the job are served. */
  public static final int PEERS = 13;
  /**
   * Driver to job host, a request whose payload is an object id (8 bytes): answered once the
   * object is stored there, or with the error that says why it never will be.
   */
  public static final int AWAIT = 14;
  /** Driver to job host: create an actor of the driver's there (see CreateActor). */
  public static final int ACTOR_CREATE = 15;
  /** Driver to job host: a call to an actor there, in the order the driver's code made it. */
  public static final int ACTOR_CALL = 16;
  /** Driver to job host, whose payload is an actor's id (8 bytes): end the actor for good. */
  public static final int ACTOR_KILL = 17;
  /**
   * Driver to a node's detached host, a request: create a detached actor (see CreateActor, whose
   * addresses say where the driver's slots serve objects); the reply is the actor's id there.
   */
  public static final int DETACHED_CREATE = 18;
  /** Driver to a detached host: a call to one of its actors (see ActorCall). */
  public static final int DETACHED_CALL = 19;
  /** Detached host to driver: a call's result is stored there under its own id (SettledAs). */
  public static final int DETACHED_SETTLED = 20;
  /**
   * Job host to driver: its worker called an actor that lives elsewhere in the job (see
   * ActorCall); the driver sends it on.
   */
  public static final int ACTOR_FORWARD = 21;
  /** Driver to job host: how a call it forwarded ended (ForwardedSettled). */
  public static final int FORWARDED_SETTLED = 22;
  /**
   * Job host to driver, whose payload is an actor's id (8 bytes): its worker killed an actor
   * that lives elsewhere in the job; the driver kills it.
   */
  public static final int KILL_FORWARD = 23;
  /**
   * Driver to job host, as Release: the driver holds refs to these objects, which the job host's
   * workers made and the driver found inside values; they stay until it releases them.
   */
  public static final int HOLD = 24;
  /**
   * Driver to job host: cancel the task whose result is this id (8 bytes), then a byte each for
   * force and recursive; the driver has failed the ref, and holds the result no more.
   */
  public static final int CANCEL = 25;

  private JobMessages() {}

  /**
   * A driver's job on a node.
   *
   * @param slot the job host's slot in the driver's job (see ObjectIds)
   * @param driverAddress where the driver serves its jars and objects, "ip:port"
   */
  public record StartJob(String jobId, int slot, String driverAddress,
      ClassPathManifest manifest, List<String> jvmOptions, boolean detached) {
    public StartJob {
      jvmOptions = List.copyOf(jvmOptions);
    }

    public byte[] encode() {
      return write(out -> {
        out.writeUTF(jobId);
        out.writeInt(slot);
        out.writeUTF(driverAddress);
        out.writeInt(manifest.entries().size());
        for (ClassPathManifest.Entry jar : manifest.entries()) {
          out.writeUTF(jar.sha256());
          out.writeUTF(jar.fileName());
          out.writeLong(jar.size());
        }
        writeStrings(out, jvmOptions);
        out.writeBoolean(detached);
      });
    }

    public static StartJob decode(byte[] bytes) {
      return read(bytes, in -> {
        String jobId = in.readUTF();
        int slot = in.readInt();
        String driverAddress = in.readUTF();
        int jars = count(in, 2 + 64 + 2 + 8);
        List<ClassPathManifest.Entry> entries = new ArrayList<>(jars);
        for (int i = 0; i < jars; i++) {
          entries.add(new ClassPathManifest.Entry(in.readUTF(), in.readUTF(), in.readLong()));
        }
        return new StartJob(jobId, slot, driverAddress, new ClassPathManifest(entries),
            readStrings(in), in.readBoolean());
      });
    }
  }

  /** The node's answer: the job host runs, and serves at {@code address} ("ip:port"). */
  public record JobStarted(String address, long pid) {
    public byte[] encode() {
      return write(out -> {
        out.writeUTF(address);
        out.writeLong(pid);
      });
    }

    public static JobStarted decode(byte[] bytes) {
      return read(bytes, in -> new JobStarted(in.readUTF(), in.readLong()));
    }
  }

  /**
   * A task to run, and where each object it refers to is: by slot, for the ids whose place is
   * not their own slot (a driver's task's result is where the task ran).
   */
  public record Execute(TaskSpec spec, long[] ids, int[] slots) {
    public Execute {
      if (ids.length != slots.length) {
        throw new IllegalArgumentException(ids.length + " ids but " + slots.length + " slots");
      }
    }

    /** Where the object is served: its place if this message names one, else its id's slot. */
    public int slotOf(long id) {
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == id) {
          return slots[i];
        }
      }
      return io.jray.internal.ObjectIds.slotOf(id);
    }

    public byte[] encode() {
      return write(this::writeTo);
    }

    public static Execute decode(byte[] bytes) {
      return read(bytes, Execute::readFrom);
    }

    void writeTo(DataOutputStream out) throws IOException {
      spec.writeTo(out);
      out.writeInt(ids.length);
      for (int i = 0; i < ids.length; i++) {
        out.writeLong(ids[i]);
        out.writeInt(slots[i]);
      }
    }

    static Execute readFrom(DataInputStream in) throws IOException {
      TaskSpec spec = TaskSpec.readFrom(in);
      int count = count(in, Long.BYTES + Integer.BYTES);
      long[] ids = new long[count];
      int[] slots = new int[count];
      for (int i = 0; i < count; i++) {
        ids[i] = in.readLong();
        slots[i] = in.readInt();
      }
      return new Execute(spec, ids, slots);
    }
  }

  /**
   * An actor of the driver's, to be created in this job host: {@code creation} is its
   * constructor's spec (whose id is the actor's), with the places of the objects it refers to.
   * {@code maxRestarts} is what is left of its restarts (-1: no limit); {@code maxConcurrency} and
   * {@code groupThreads} are its threads, {@code isolated} whether it has a JVM of its own (see
   * ActorSettings).
   */
  public record CreateActor(String className, int maxRestarts, int maxTaskRetries,
      int maxConcurrency, int groupThreads, boolean isolated, Execute creation,
      Map<Integer, String> addresses) {
    public CreateActor {
      addresses = Map.copyOf(addresses);
    }

    /** An actor that may share a host JVM on its node. */
    public CreateActor(String className, int maxRestarts, int maxTaskRetries,
        int maxConcurrency, int groupThreads, Execute creation, Map<Integer, String> addresses) {
      this(className, maxRestarts, maxTaskRetries, maxConcurrency, groupThreads, false,
          creation, addresses);
    }

    public long actorId() {
      return creation.spec().taskId();
    }

    public byte[] encode() {
      return write(out -> {
        out.writeUTF(className);
        out.writeInt(maxRestarts);
        out.writeInt(maxTaskRetries);
        out.writeInt(maxConcurrency);
        out.writeInt(groupThreads);
        out.writeBoolean(isolated);
        creation.writeTo(out);
        writeAddresses(out, addresses);
      });
    }

    public static CreateActor decode(byte[] bytes) {
      return read(bytes, in -> new CreateActor(in.readUTF(), in.readInt(), in.readInt(),
          in.readInt(), in.readInt(), in.readBoolean(), Execute.readFrom(in),
          readAddresses(in)));
    }
  }

  /**
   * A call to an actor of a job host, with the places of the objects it refers to; for a
   * detached host, also where the caller's slots serve them ({@code addresses}, else empty).
   */
  public record ActorCall(long actorId, Execute call, Map<Integer, String> addresses) {
    public ActorCall {
      addresses = Map.copyOf(addresses);
    }

    public byte[] encode() {
      return write(out -> {
        out.writeLong(actorId);
        call.writeTo(out);
        writeAddresses(out, addresses);
      });
    }

    public static ActorCall decode(byte[] bytes) {
      return read(bytes, in -> new ActorCall(in.readLong(), Execute.readFrom(in),
          readAddresses(in)));
    }
  }

  /**
   * A detached host's word that the call whose result is {@code id} (in the caller's ids) has
   * settled: stored there under {@code storedAs}, or failed outside the store.
   */
  public record SettledAs(long id, long storedAs, String errorClass, String error) {
    public byte[] encode() {
      return write(out -> {
        out.writeLong(storedAs);
        out.write(new Settled(id, errorClass, error).encode());
      });
    }

    public static SettledAs decode(byte[] bytes) {
      if (bytes.length < Long.BYTES) {
        throw new IllegalArgumentException("malformed message: " + bytes.length + " bytes");
      }
      long storedAs = ByteBuffer.wrap(bytes).getLong();
      Settled settled = Settled.decode(java.util.Arrays.copyOfRange(bytes, Long.BYTES,
          bytes.length));
      return new SettledAs(settled.id(), storedAs, settled.errorClass(), settled.error());
    }
  }

  /**
   * An object settled in a job host: stored there ({@code errorClass} null: a value, or the
   * task's error), or failed outside the store, with that exception's class and message.
   */
  public record Settled(long id, String errorClass, String error) {
    public byte[] encode() {
      return write(out -> {
        out.writeLong(id);
        out.writeBoolean(errorClass != null);
        if (errorClass != null) {
          out.writeUTF(errorClass);
          out.writeUTF(error.length() > 4000 ? error.substring(0, 4000) + "..." : error);
        }
      });
    }

    public static Settled decode(byte[] bytes) {
      return read(bytes, in -> {
        long id = in.readLong();
        return in.readBoolean() ? new Settled(id, in.readUTF(), in.readUTF())
            : new Settled(id, null, null);
      });
    }
  }

  /**
   * How a forwarded call ended: its result is stored in the job host of {@code slot}
   * ({@code errorClass} null), or it failed with that exception's class and message.
   */
  public record ForwardedSettled(long id, int slot, String errorClass, String error) {
    public byte[] encode() {
      return write(out -> {
        out.writeInt(slot);
        out.write(new Settled(id, errorClass, error).encode());
      });
    }

    public static ForwardedSettled decode(byte[] bytes) {
      if (bytes.length < Integer.BYTES) {
        throw new IllegalArgumentException("malformed message: " + bytes.length + " bytes");
      }
      int slot = ByteBuffer.wrap(bytes).getInt();
      Settled settled = Settled.decode(java.util.Arrays.copyOfRange(bytes, Integer.BYTES,
          bytes.length));
      return new ForwardedSettled(settled.id(), slot, settled.errorClass(), settled.error());
    }
  }

  /** Results the driver holds no more. */
  public record Release(long[] ids) {
    public byte[] encode() {
      return write(out -> writeIds(out, ids));
    }

    public static Release decode(byte[] bytes) {
      return read(bytes, in -> new Release(readIds(in)));
    }
  }

  /** Where each slot of the job serves its objects: 0 is the driver. */
  public record Peers(Map<Integer, String> addresses) {
    public Peers {
      addresses = Map.copyOf(addresses);
    }

    public byte[] encode() {
      return write(out -> writeAddresses(out, addresses));
    }

    public static Peers decode(byte[] bytes) {
      return read(bytes, in -> new Peers(readAddresses(in)));
    }
  }

  private static void writeAddresses(DataOutputStream out, Map<Integer, String> addresses)
      throws IOException {
    out.writeInt(addresses.size());
    for (Map.Entry<Integer, String> peer : addresses.entrySet()) {
      out.writeInt(peer.getKey());
      out.writeUTF(peer.getValue());
    }
  }

  private static Map<Integer, String> readAddresses(DataInputStream in) throws IOException {
    int count = count(in, Integer.BYTES + 2);
    Map<Integer, String> addresses = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      addresses.put(in.readInt(), in.readUTF());
    }
    return addresses;
  }

  @FunctionalInterface
  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /** Decodes a whole message; a malformed one is an IllegalArgumentException that says so. */
  private static <T> T read(byte[] bytes, Reader<T> reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      T message = reader.read(in);
      if (in.available() != 0) {
        throw new IOException(in.available() + " bytes follow the message");
      }
      return message;
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed message: " + e.getMessage(), e);
    }
  }

  private static int count(DataInputStream in, int minBytes) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > in.available() / minBytes) {
      throw new IOException(count + " items cannot fit in the " + in.available() + " bytes left");
    }
    return count;
  }

  private static void writeIds(DataOutputStream out, long[] ids) throws IOException {
    out.writeInt(ids.length);
    for (long id : ids) {
      out.writeLong(id);
    }
  }

  private static long[] readIds(DataInputStream in) throws IOException {
    long[] ids = new long[count(in, Long.BYTES)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = in.readLong();
    }
    return ids;
  }

  private static void writeStrings(DataOutputStream out, List<String> strings)
      throws IOException {
    out.writeInt(strings.size());
    for (String string : strings) {
      out.writeUTF(string);
    }
  }

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int count = count(in, 2);
    List<String> strings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      strings.add(in.readUTF());
    }
    return strings;
  }
}
