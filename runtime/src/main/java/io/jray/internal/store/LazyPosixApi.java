package io.jray.internal.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import net.openhft.posix.PosixAPI;
import net.openhft.posix.internal.PosixAPIHolder;

/**
 * Chronicle's core loads its POSIX API as it starts, through JNR, which generates native call
 * stubs: 0.1-0.2 CPU-second in every worker, on the path to the first result, for an API that
 * opening a map never calls. This stand-in loads the real API at its first call instead, so
 * Chronicle code that does call it (an msync as a map grows a tier, or the user's own) gets
 * what it would have had.
 */
final class LazyPosixApi implements InvocationHandler {
  private PosixAPI real;

  private LazyPosixApi() {}

  /** Puts the stand-in in place unless the API is loaded already. Never fails. */
  static synchronized void install() {
    try {
      if (PosixAPIHolder.POSIX_API == null) {
        PosixAPIHolder.POSIX_API = (PosixAPI) Proxy.newProxyInstance(
            PosixAPI.class.getClassLoader(), new Class<?>[] {PosixAPI.class}, new LazyPosixApi());
      }
    } catch (LinkageError | RuntimeException e) {
      // A Chronicle without this holder: it loads its API at start, as it always did.
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
