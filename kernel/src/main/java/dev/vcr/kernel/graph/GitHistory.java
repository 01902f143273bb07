package dev.vcr.kernel.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * How often files changed, from {@code git log}: for each file of the workspace, the number of the last
 * {@code maxCommits} commits (per root) that touched it. Git runs as a subprocess in each root
 * ({@code git log --name-only --relative}, so only files under the root count and paths are
 * root-relative), with a timeout; its output goes to a temporary file, so a long history cannot fill a
 * pipe. A root that is not in a git repository, a missing git, a timeout or a failure leaves the counts
 * empty and says why in {@code note}: hotspots are then unweighted.
 */
public final class GitHistory {
  /** Commit counts by index key ({@code changes}), how many commits were read, and what happened. */
  public record Counts(Map<String, Integer> changes, int commits, boolean read, String note) {}

  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  private GitHistory() {}

  /**
   * @param key the index key of a root-relative path in root {@code i}
   */
  public static Counts read(List<Path> roots, BiFunction<Integer, String, String> key, int maxCommits, Duration timeout) {
    Map<String, Integer> changes = new HashMap<>(); // lookups only
    int commits = 0;
    List<String> notes = new ArrayList<>();
    boolean any = false;
    for (int i = 0; i < roots.size(); i++) {
      Path root = roots.get(i);
      Run inside = git(root, timeout, "rev-parse", "rev-parse", "--is-inside-work-tree");
      if (inside.problem != null) {
        notes.add(inside.problem);
        continue;
      }
      if (inside.exit != 0 || !inside.out.strip().equals("true")) {
        notes.add(root + " is not in a git repository");
        continue;
      }
      Run log = git(root, timeout, "log", "-c", "core.quotepath=off", "log", "--max-count=" + maxCommits, "--no-renames",
          "--name-only", "--relative", "--format=%x01");
      if (log.problem != null || log.exit != 0) {
        notes.add(log.problem != null ? log.problem : "git log failed in " + root + ": " + log.err.strip());
        continue;
      }
      any = true;
      Set<String> inCommit = new HashSet<>();
      for (String line : log.out.split("\n", -1)) {
        if (line.startsWith("\u0001")) {
          commits++;
          inCommit.clear();
        } else if (!line.isEmpty() && inCommit.add(line)) {
          changes.merge(key.apply(i, line), 1, Integer::sum);
        }
      }
    }
    String note = any
        ? "weighted by git: " + commits + (commits == 1 ? " commit" : " commits") + " read (at most " + maxCommits + " per root), " + changes.size()
            + " files changed" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes))
        : "not weighted: " + String.join("; ", notes);
    return new Counts(changes, commits, any, note);
  }

  private record Run(int exit, String out, String err, String problem) {}

  private static Run git(Path dir, Duration timeout, String what, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Path out = null;
    Path err = null;
    Process p = null;
    try {
      out = Files.createTempFile("vcr-git", ".out");
      err = Files.createTempFile("vcr-git", ".err");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().put("GIT_TERMINAL_PROMPT", "0");
      pb.environment().put("GIT_OPTIONAL_LOCKS", "0");
      p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return new Run(-1, "", "", "git " + what + " timed out after " + timeout.toSeconds() + " s in " + dir);
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), null);
    } catch (IOException e) {
      return new Run(-1, "", "", "git could not be run (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Run(-1, "", "", "interrupted while git ran");
    } finally {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // a temporary file left behind is harmless
      }
    }
  }
}
