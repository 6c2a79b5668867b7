package io.jray.internal.driver;

import io.jray.internal.Log;
import io.jray.internal.ObjectIds;
import io.jray.internal.protocol.ToWorker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The JVMs that actors share; a part of the {@link DriverCore}, whose lock guards it. An actor
 * that may share gets a lane in a host with room, up to {@code actorsPerHost} actors each; when
 * the last host fills, another starts at once, so that the next actor finds one ready. A host
 * with no actor left retires after a while, unless it is the one kept ready.
 */
final class ActorHosts {
  /** How long a host without actors waits for new ones before it retires. */
  static final long IDLE_BEFORE_RETIRING_NANOS = TimeUnit.SECONDS.toNanos(10);
  /**
   * How long a host that said it is exiting ({@code System.exit} in an actor) may take to end:
   * a shutdown hook of the user's that hangs would otherwise keep it, and the calls that wait for
   * its actors' next lives, forever. Then it is ended by force.
   */
  static final long EXIT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final int actorsPerHost;
  private final IntSupplier nextTag;
  private final LongSupplier clock;
  private final Effects effects;
  private final Map<Worker, Host> hosts = new LinkedHashMap<>();
  private boolean stopped;

  /** One shared JVM: its own channel, and its actors' lanes. */
  private static final class Host {
    final Worker control;
    /** Lanes opened or to open, live or on their way out. */
    final List<Worker> lanes = new ArrayList<>();
    /** Lanes made before the host said hello: opened once it has. */
    final List<Worker> pending = new ArrayList<>();
    boolean connected;
    boolean retired;
    /** Its process ended; it stays listed until the last of its lanes has ended too. */
    boolean gone;
    /** How many actors it hosted when its process ended. */
    int lanesAtExit;
    long idleSince;
    /**
     * Why it is exiting, as its last word said (System.exit ran in it); null until it says so.
     * Once it has, no new actor goes there and no call.
     */
    String exitCause;
    /** The actor whose thread called System.exit in it; 0 if none or unknown. */
    long exitActor;
    /** When it said it is exiting. */
    long exitingSince;
    /** It outlived {@link #EXIT_GRACE_NANOS} after saying so, and was ended by force. */
    boolean killed;

    Host(Worker control, long now) {
      this.control = control;
      this.idleSince = now;
    }

    boolean hasRoom(int actorsPerHost) {
      return !retired && !gone && exitCause == null && lanes.size() < actorsPerHost;
    }
  }

  ActorHosts(int actorsPerHost, IntSupplier nextTag, LongSupplier clock, Effects effects) {
    this.actorsPerHost = actorsPerHost;
    this.nextTag = nextTag;
    this.clock = clock;
    this.effects = effects;
  }

  /**
   * A lane for the actor in a host with room; a host starts if none has room, and another once
   * this one is full.
   */
  Worker laneFor(long actorId) {
    Host host = withRoom();
    if (host == null) {
      host = start();
    }
    Worker lane = Worker.lane(nextTag.getAsInt(), actorId, host.control);
    host.lanes.add(lane);
    if (host.connected) {
      effects.add(new Effect.OpenLane(lane));
    } else {
      host.pending.add(lane);
    }
    if (withRoom() == null && !stopped) {
      start(); // the next actor finds a host up
    }
    return lane;
  }

  private Host withRoom() {
    for (Host host : hosts.values()) {
      if (host.hasRoom(actorsPerHost)) {
        return host;
      }
    }
    return null;
  }

  private Host start() {
    Worker control = Worker.sharedHost(nextTag.getAsInt());
    Host host = new Host(control, clock.getAsLong());
    hosts.put(control, host);
    effects.add(new Effect.Spawn(control));
    return host;
  }

  /** A host said hello: its lanes open. */
  void connected(Worker control) {
    Host host = hosts.get(control);
    if (host == null) {
      return;
    }
    host.connected = true;
    for (Worker lane : host.pending) {
      effects.add(new Effect.OpenLane(lane));
    }
    host.pending.clear();
  }

  /**
   * A host's process ended. Returns the lanes it never opened: their actors die here, since no
   * lane of theirs will end. (Its opened lanes end one by one, as its exit reaches them.)
   */
  List<Worker> exited(Worker control) {
    Host host = hosts.get(control);
    if (host == null) {
      return List.of();
    }
    host.gone = true;
    host.lanesAtExit = host.lanes.size();
    List<Worker> unopened = new ArrayList<>(host.pending);
    host.pending.clear();
    host.lanes.removeAll(unopened);
    if (host.lanes.isEmpty()) {
      hosts.remove(control);
    }
    return unopened;
  }

  /** A lane ended (its actor died, or its host did). */
  void laneEnded(Worker lane) {
    Host host = hosts.get(lane.host);
    if (host == null || !host.lanes.remove(lane) || !host.lanes.isEmpty()) {
      return;
    }
    if (host.gone) {
      hosts.remove(lane.host);
    } else {
      host.idleSince = clock.getAsLong();
    }
  }

  /** The host's last word: an actor's thread (0 if unknown) called {@code System.exit}. */
  void exiting(Worker control, long actorId) {
    Host host = hosts.get(control);
    if (host != null && host.exitCause == null) {
      host.exitActor = actorId;
      host.exitCause = (actorId == 0 ? "a thread of one of its actors"
          : "actor " + ObjectIds.hex(actorId)) + " called System.exit";
      host.exitingSince = clock.getAsLong();
      effects.add(new Effect.TickAt(host.exitingSince + EXIT_GRACE_NANOS));
    }
  }

  /**
   * Whether the lane's host JVM is on its way out (it said so, or its process has ended) while
   * the lane has not ended yet: a call sent there now would only die with it, so calls wait for
   * the actor's next life, or its death.
   */
  boolean dying(Worker lane) {
    Host host = lane.isLane() ? hosts.get(lane.host) : null;
    return host != null && (host.exitCause != null || host.gone);
  }

  /**
   * How a lane ended, for its actor's death: {@code its host process (pid=N), which it shared
   * with 3 other actors, died with exit code 1 (actor … called System.exit)}; or, while its host
   * lives, that its channel closed.
   */
  String howLaneEnded(Worker lane, int exitCode) {
    Host host = hosts.get(lane.host);
    if (host == null || !host.gone) {
      return "its channel in its host process (pid=" + lane.pid() + ") closed";
    }
    int others = Math.max(0, host.lanesAtExit - 1);
    return "its host process (pid=" + lane.pid() + ")"
        + (others > 0 ? ", which it shared with " + others + " other actor"
            + (others == 1 ? "" : "s") + "," : "")
        + " died with exit code " + exitCode
        + (host.exitCause == null ? "" : " (" + host.exitCause + ")");
  }

  /** Whether the lane's host is gone because the actor itself called System.exit there. */
  boolean exitedTheHost(Worker lane) {
    Host host = hosts.get(lane.host);
    return host != null && host.exitActor == lane.actorId && lane.actorId != 0;
  }

  /**
   * The clock moved: a host idle for a while retires, unless it is the only one with room; one
   * that has been exiting for longer than {@link #EXIT_GRACE_NANOS} is ended.
   */
  void tick() {
    if (stopped) {
      return;
    }
    long now = clock.getAsLong();
    for (Host host : hosts.values()) {
      if (host.exitCause != null && !host.gone && !host.killed
          && now - host.exitingSince >= EXIT_GRACE_NANOS) {
        host.killed = true;
        Log.warn("{} did not end within {} s of saying it is exiting ({}): ending it, so that"
            + " its actors restart. A shutdown hook that does not return keeps System.exit"
            + " from ending a JVM.", host.control, TimeUnit.NANOSECONDS.toSeconds(
                EXIT_GRACE_NANOS), host.exitCause);
        effects.add(new Effect.Kill(host.control));
      }
    }
    for (Host host : new ArrayList<>(hosts.values())) {
      if (host.retired || !host.connected || !host.lanes.isEmpty()
          || now - host.idleSince < IDLE_BEFORE_RETIRING_NANOS) {
        continue;
      }
      boolean otherWithRoom = hosts.values().stream()
          .anyMatch(other -> other != host && other.hasRoom(actorsPerHost));
      if (otherWithRoom) {
        host.retired = true;
        Log.debug("Retiring {}: it hosts no actor", host.control);
        try {
          host.control.outbox.queue(ToWorker.Shutdown.INSTANCE);
          effects.flush(host.control);
        } catch (IOException e) {
          effects.add(new Effect.Kill(host.control));
        }
      }
    }
  }

  /** The session ends: no host starts any more. */
  void stop() {
    stopped = true;
  }
}
