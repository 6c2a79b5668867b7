package io.jray.internal.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import net.openhft.posix.PosixAPI;
import net.openhft.posix.internal.PosixAPIHolder;

/**
 * Chronicle's core loads its POSIX API as it starts, through JNR, which generates native call
 * stubs: 0.1-0.2 CPU-second in a worker, twice that in a driver, on the path to the first result
 * (or, in a driver whose index another process made, to the first value it reads back from the
 * store). Opening a map never calls the API; creating one only msyncs its header. This stand-in
 * loads the real API at its first call instead, so Chronicle code that does call it (an msync as
 * a map grows a tier, or the user's own Chronicle) gets what it would have had.
 */
final class LazyPosixApi implements InvocationHandler {
  private PosixAPI real;
  /** The thread making or opening the index, whose msync calls are answered here; else null. */
  private volatile Thread creator;

  private LazyPosixApi() {}

  /** The stand-in that {@link #install} put in place for good, or null. */
  private static LazyPosixApi installed;

  /** Puts a stand-in in place for good, unless the API is loaded already. Never fails. */
  static void install() {
    LazyPosixApi handler = new LazyPosixApi();
    if (installStandIn(handler) != null) {
      synchronized (LazyPosixApi.class) {
        installed = handler;
      }
    }
  }

  /**
   * Runs the index's making or opening, in any process, with a stand-in in place that answers
   * this thread's msync calls itself: they would load the real API only to flush to its file a
   * map that goes at shutdown and whose pages other processes see without msync (in /dev/shm,
   * where there is one, the file is memory anyway). Opening calls nothing, but Chronicle's core
   * asks for the API as its classes start. Every other call, and every other thread, gets the
   * real API. Afterwards Chronicle loads its API at its next use, as it would without jray, or
   * through the stand-in that {@link #install} put in place.
   */
  static <T> T openingIndex(Supplier<T> work) {
    LazyPosixApi handler;
    synchronized (LazyPosixApi.class) {
      handler = installed;
    }
    // A stand-in in place for good answers this thread's msync calls meanwhile; else one is put
    // in place for the creation only.
    PosixAPI standIn = null;
    if (handler == null) {
      handler = new LazyPosixApi();
      standIn = installStandIn(handler);
    }
    handler.creator = Thread.currentThread();
    try {
      return work.get();
    } finally {
      handler.creator = null;
      synchronized (LazyPosixApi.class) {
        if (standIn != null && PosixAPIHolder.POSIX_API == standIn) {
          PosixAPIHolder.POSIX_API = null;
        }
      }
    }
  }

  /** The stand-in, or null if the API was loaded already or this Chronicle has no holder. */
  private static synchronized PosixAPI installStandIn(LazyPosixApi handler) {
    try {
      if (PosixAPIHolder.POSIX_API != null) {
        return null;
      }
      PosixAPI standIn = (PosixAPI) Proxy.newProxyInstance(
          PosixAPI.class.getClassLoader(), new Class<?>[] {PosixAPI.class}, handler);
      PosixAPIHolder.POSIX_API = standIn;
      return standIn;
    } catch (LinkageError | RuntimeException e) {
      // A Chronicle without this holder: it loads its API at start, as it always did.
      return null;
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "PosixAPI, loaded at its first call";
      };
    }
    if (method.getName().equals("msync") && Thread.currentThread() == creator) {
      return 0;
    }
    try {
      return method.invoke(real(proxy), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private PosixAPI real(Object proxy) {
    synchronized (LazyPosixApi.class) {
      if (real == null) {
        if (PosixAPIHolder.POSIX_API == proxy) {
          PosixAPIHolder.POSIX_API = null;
        }
        PosixAPIHolder.loadPosixApi();
        real = PosixAPIHolder.POSIX_API;
      }
      return real;
    }
  }
}
