package io.jray.internal;

import io.jray.RayConfig.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * jray's own messages: through SLF4J, so the user's binding decides where they go, and first
 * through the level in {@code RayConfig}, so {@code logLevel(ERROR)} quiets jray whatever the
 * binding says. Without a binding (SLF4J would drop everything: a node started by the command
 * line, a program with no logging set up) INFO and above go to standard error, so that a warning
 * that says what went wrong is never lost.
 */
public final class Log {
  private static final Logger LOGGER = LoggerFactory.getLogger("io.jray");
  private static final boolean BOUND = hasBinding();
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
      if (BOUND) {
        LOGGER.info(format, args);
      } else {
        toStandardError("INFO", format, args);
      }
    }
  }

  public static void warn(String format, Object... args) {
    if (level.compareTo(LogLevel.WARN) <= 0) {
      if (BOUND) {
        LOGGER.warn(format, args);
      } else {
        toStandardError("WARN", format, args);
      }
    }
  }

  public static void error(String format, Object... args) {
    if (level.compareTo(LogLevel.ERROR) <= 0) {
      if (BOUND) {
        LOGGER.error(format, args);
      } else {
        toStandardError("ERROR", format, args);
      }
    }
  }

  private static void toStandardError(String levelName, String format, Object[] args) {
    FormattingTuple message = MessageFormatter.arrayFormat(format, args);
    System.err.println("[jray] " + levelName + " " + message.getMessage());
    if (message.getThrowable() != null) {
      message.getThrowable().printStackTrace();
    }
  }
}
