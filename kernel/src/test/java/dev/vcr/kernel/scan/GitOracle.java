package dev.vcr.kernel.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: builds a small tree on disk and asks the real {@code git check-ignore} which paths it
 * ignores, with all user and system git configuration switched off.
 */
final class GitOracle {
  private GitOracle() {}

  /** Whether a usable git binary is on the PATH. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Creates the paths under {@code root}: a path ending in {@code /} is a directory, anything else an
   * empty file (parents created). Then writes the ignore files (path → content; {@code .git/...} paths
   * are written after {@code git init}).
   */
  static void build(Path root, Collection<String> paths, Map<String, String> ignoreFiles)
      throws IOException {
    for (String p : paths) {
      Path target = root.resolve(strip(p));
      if (p.endsWith("/")) {
        Files.createDirectories(target);
      } else {
        Files.createDirectories(target.getParent());
        if (!Files.exists(target)) {
          Files.createFile(target);
        }
      }
    }
    for (Map.Entry<String, String> e : ignoreFiles.entrySet()) {
      if (!e.getKey().startsWith(".git/")) {
        Path target = root.resolve(e.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
      }
    }
  }

  /** Runs {@code git init} in root, writes {@code .git/...} ignore files, then check-ignores the paths. */
  static Set<String> ignoredByGit(Path root, Collection<String> paths, Map<String, String> ignoreFiles)
      throws IOException, InterruptedException {
    run(root, null, "git", "init", "-q", ".");
    for (Map.Entry<String, String> e : ignoreFiles.entrySet()) {
      if (e.getKey().startsWith(".git/")) {
        Path target = root.resolve(e.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
      }
    }
    StringBuilder stdin = new StringBuilder();
    List<String> order = new ArrayList<>();
    for (String p : paths) {
      stdin.append(strip(p)).append('\0');
      order.add(p);
    }
    String out = run(root, stdin.toString(), "git", "check-ignore", "--no-index", "--stdin", "-z");
    Set<String> ignoredStripped = new TreeSet<>();
    for (String s : out.split("\0")) {
      if (!s.isEmpty()) {
        ignoredStripped.add(s);
      }
    }
    Set<String> result = new TreeSet<>();
    for (String p : order) {
      if (ignoredStripped.contains(strip(p))) {
        result.add(p);
      }
    }
    return result;
  }

  static String strip(String p) {
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static String run(Path dir, String stdin, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("HOME", dir.toString());
    env.put("XDG_CONFIG_HOME", dir.resolve(".no-xdg").toString());
    env.put("LC_ALL", "C");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = pb.start();
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream stream = process.getInputStream()) {
      stream.transferTo(out);
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("git timed out: " + String.join(" ", command));
    }
    int code = process.exitValue();
    // check-ignore exits 1 when nothing is ignored.
    if (code != 0 && !(code == 1 && command.length > 1 && command[1].equals("check-ignore"))) {
      throw new IOException("git failed (" + code + "): " + String.join(" ", command));
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
