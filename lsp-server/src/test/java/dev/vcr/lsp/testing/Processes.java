package dev.vcr.lsp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Facts about other processes, for tests that must find the daemons they started. */
public final class Processes {
  private Processes() {}

  /**
   * A process's arguments (without the executable). {@code ProcessHandle.Info.arguments()} is empty on Linux
   * when the command line is longer than about 4 KB, which a test classpath easily is; so read
   * {@code /proc/<pid>/cmdline} first.
   */
  public static List<String> arguments(ProcessHandle p) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
      List<String> all = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
      return all.isEmpty() ? List.of() : all.subList(1, all.size());
    } catch (IOException | RuntimeException e) {
      return p.info().arguments().map(List::of).orElse(List.of());
    }
  }
}
