package io.jray.internal;

import io.jray.RayConfig.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jray's own messages: through SLF4J, so the user's binding decides where they go, and first
 * through the level in {@code RayConfig}, so {@code logLevel(ERROR)} quiets jray whatever the
 * binding says.
 */
public final class Log {
  private static final Logger LOGGER = LoggerFactory.getLogger("io.jray");
  private static volatile LogLevel level = LogLevel.INFO;

  private Log() {}

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
