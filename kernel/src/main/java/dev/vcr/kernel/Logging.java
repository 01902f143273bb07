package dev.vcr.kernel;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Logging goes to stderr (java.util.logging's console handler writes there), never stdout. The level comes
 * from {@code VCR_LOG} (e.g. FINE, WARNING); default INFO.
 */
public final class Logging {
  private Logging() {}

  public static void configure() {
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Level level = Level.INFO;
    String env = System.getenv("VCR_LOG");
    if (env != null && !env.isBlank()) {
      try {
        level = Level.parse(env.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException ignored) {
        // keep INFO
      }
    }
    Handler h = new ConsoleHandler();
    h.setFormatter(new SimpleFormatter());
    h.setLevel(level);
    root.addHandler(h);
    root.setLevel(level);
  }
}
