package dev.vcr.lsp.cli;

import dev.vcr.kernel.ingest.Indexer;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress line of {@code vcr index} on a terminal: files done / total, MB/s and time left, redrawn
 * in place (carriage return) on stderr, at most once per {@link #MIN_REDRAW_NANOS} except when the phase
 * changes or the last file is done. {@link #finish()} erases the line so the summary starts on a clean
 * one. Written by hand (about a hundred lines) rather than with a progress-bar library: one line of text
 * needs no dependency in the server jar.
 *
 * <p>Not thread-safe; the indexer reports from one thread.
 */
final class TerminalProgress implements Indexer.Progress {
  /** At most ten redraws a second. */
  static final long MIN_REDRAW_NANOS = 100_000_000L;

  private final PrintStream err;
  private final LongSupplier nanoClock;
  private final long start;
  private long lastDraw;
  private boolean drawn;
  private String lastMessage = "";
  private int lastDone = -1;
  private int lastWidth;
  private int draws;

  TerminalProgress(PrintStream err, LongSupplier nanoClock) {
    this.err = err;
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
  }

  /**
   * Whether progress should be drawn: on a terminal, that is when the JVM has a console (stdin and stdout
   * are terminals; on JDK 22+ also {@code Console.isTerminal()}), and stderr, where the line goes, is a
   * terminal too where that can be told (Linux: {@code /proc/self/fd/2} names a tty). So
   * {@code vcr index DIR > out.txt} and {@code 2> log} print no progress.
   */
  static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      if (!(Boolean) isTerminal.invoke(console)) {
        return false;
      }
    } catch (ReflectiveOperationException e) {
      // JDK 17-21: a console exists only when stdin and stdout are terminals.
    }
    Path fd2 = Path.of("/proc/self/fd/2");
    if (Files.exists(fd2)) {
      try {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (Exception e) {
        return true;
      }
    }
    return true;
  }

  @Override
  public void report(int done, int total, String message) {
    report(done, total, -1, -1, message);
  }

  @Override
  public void report(int done, int total, long bytesDone, long bytesTotal, String message) {
    long now = nanoClock.getAsLong();
    boolean phaseChange = !message.equals(lastMessage);
    boolean lastFile = total > 0 && done >= total && done != lastDone;
    if (drawn && !phaseChange && !lastFile && now - lastDraw < MIN_REDRAW_NANOS) {
      return;
    }
    lastMessage = message;
    lastDone = done;
    lastDraw = now;
    draw(line(done, total, bytesDone, bytesTotal, message, now - start));
  }

  /** Erases the line, if one was drawn. */
  void finish() {
    if (drawn) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      err.flush();
      drawn = false;
    }
  }

  /** How many times the line was drawn (for tests). */
  int draws() {
    return draws;
  }

  private void draw(String line) {
    int pad = Math.max(0, lastWidth - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    lastWidth = line.length();
    drawn = true;
    draws++;
  }

  /**
   * One progress line, e.g. {@code indexing 1,234/10,000 files (12%), 3.4 MB/s, 1m05s left}. The rate is
   * source bytes parsed per second since the run started; time left is the remaining bytes at that rate
   * (files, when bytes are not reported). Before a second has passed or a byte is done, both show as --.
   */
  static String line(int done, int total, long bytesDone, long bytesTotal, String message, long elapsedNanos) {
    if (total <= 0) {
      return message + "...";
    }
    StringBuilder b = new StringBuilder();
    b.append(message).append(' ')
        .append(String.format(Locale.ROOT, "%,d/%,d files (%d%%)", done, total, (int) (100L * done / total)));
    double seconds = elapsedNanos / 1e9;
    boolean haveBytes = bytesDone >= 0 && bytesTotal >= 0;
    if (haveBytes) {
      b.append(", ");
      if (seconds >= 1 && bytesDone > 0) {
        b.append(String.format(Locale.ROOT, "%.1f MB/s", bytesDone / 1e6 / seconds));
      } else {
        b.append("-- MB/s");
      }
    }
    if (done < total) {
      b.append(", ");
      double left = -1;
      if (seconds >= 1) {
        if (haveBytes && bytesDone > 0) {
          left = (bytesTotal - bytesDone) * seconds / bytesDone;
        } else if (done > 0) {
          left = (total - done) * seconds / done;
        }
      }
      b.append(left < 0 ? "--" : duration(left)).append(" left");
    }
    return b.toString();
  }

  /** 42s, 3m07s, 1h02m. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
