package io.jray.internal;

import io.jray.RayConfig.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * jray's own messages: through SLF4J, so the user's binding decides where they go, and first
 * through the level in {@code RayConfig}, so {@code logLevel(ERROR)} quiets jray whatever the
 * binding says.
 */
public final class Log {
  private static final Logger LOGGER = LoggerFactory.getLogger("io.jray");
  private static volatile LogLevel level = LogLevel.INFO;

  private Log() {}

  /** Whether SLF4J found a binding: without one, everything logged through it is dropped. */
  public static boolean hasBinding() {
    return !(LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory);
  }

  public static void setLevel(LogLevel newLevel) {
    level = newLevel;
  }

  public static LogLevel level() {
    return level;
  }

  public static void debug(String format, Object... args) {
    if (level.compareTo(LogLevel.DEBUG) <= 0) {
      LOGGER.debug(format, args);
    }
  }

  public static void info(String format, Object... args) {
    if (level.compareTo(LogLevel.INFO) <= 0) {
      LOGGER.info(format, args);
    }
  }

  public static void warn(String format, Object... args) {
    if (level.compareTo(LogLevel.WARN) <= 0) {
      LOGGER.warn(format, args);
    }
  }

  public static void error(String format, Object... args) {
    if (level.compareTo(LogLevel.ERROR) <= 0) {
      LOGGER.error(format, args);
    }
  }
}
