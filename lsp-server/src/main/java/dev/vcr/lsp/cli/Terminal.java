package dev.vcr.lsp.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Whether stdout is a terminal, and whether colour is wanted there. */
final class Terminal {
  private Terminal() {}

  /**
   * On Linux, whether {@code /proc/self/fd/1} names a terminal device; elsewhere, whether the JVM has a
   * console (on JDK 17-21 that needs stdin and stdout to be terminals).
   */
  static boolean stdoutIsTerminal() {
    Path fd1 = Path.of("/proc/self/fd/1");
    if (Files.exists(fd1)) {
      try {
        return isTerminalDevice(Files.readSymbolicLink(fd1).toString());
      } catch (Exception e) {
        return false;
      }
    }
    return System.console() != null;
  }

  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
  }

  /**
   * Colour only on a terminal, and never when {@code NO_COLOR} is set to a non-empty value
   * (no-color.org), nor when {@code TERM=dumb}.
   */
  static boolean colourWanted(boolean stdoutTerminal, Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    return stdoutTerminal && !"dumb".equals(env.get("TERM"));
  }
}
