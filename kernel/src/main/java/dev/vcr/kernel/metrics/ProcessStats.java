package dev.vcr.kernel.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Heap and resident memory of this process (RSS from /proc on Linux; -1 elsewhere). */
public final class ProcessStats {
  private ProcessStats() {}

  public static long heapUsedBytes() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Current resident set size in bytes, or -1. */
  public static long rssBytes() {
    return statusKb("VmRSS:");
  }

  /** Peak resident set size in bytes, or -1. */
  public static long peakRssBytes() {
    return statusKb("VmHWM:");
  }

  private static long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
