package dev.vcr.lsp.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.vcr.kernel.ingest.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 campaign's daemon trials (issue 13), run by {@code scripts/kill9-campaign.sh} outside the suite
 * ({@code -Dvcr.kill9.daemonTrials=N}). Real processes: an editor's {@code vcr lsp --stdio} starts the
 * workspace's daemon; the editor opens, edits and saves files (writing them to disk, then didSave and
 * didChangeWatchedFiles, as an editor does), and the daemon is killed with SIGKILL at a seeded moment: while
 * edits stream in, just after a save (inside the in-place refresh), or while a restarted daemon repairs its
 * index. After each kill a new editor starts a new daemon; once its first run is done, its index hash must
 * equal a clean index of the same files, and {@code vcr refs} (answered by the daemon) must print exactly
 * what a clean index prints. Each trial prints one {@code [daemon-kill]} line with the repair work: the
 * restarted daemon's first run (files parsed, mode) and its recovery log.
 */
@EnabledIfSystemProperty(named = "vcr.kill9.daemonTrials", matches = "[0-9]+")
class DaemonKillCampaignTest {
  private static final Pattern INDEXED = Pattern.compile("indexed \\[[^]]*\\]: (\\d+) files, (\\d+) parsed, (\\d+) deleted, (\\w+)");
  /** By-name references compared with a clean index after every restart (the edits add calls to it). */
  private static final String NAME = "compareAndSet";
  /** Waits of the campaign (a first run, a process's start) on a machine shared with other builds. */
  private static final long PATIENCE_SECONDS = 300;

  @TempDir Path tmp;
  Path ws;
  Path runDir;
  Path xdgRuntime;
  Path cache;
  final List<Process> processes = new ArrayList<>();

  @Test
  void killTheDaemonUnderLspEdits() throws Exception {
    int trials = Integer.getInteger("vcr.kill9.daemonTrials");
    long seed = Long.getLong("vcr.kill9.seed", 7);
    Path corpus = Path.of(System.getProperty("vcr.kill9.corpus",
        System.getProperty("user.home") + "/.cache/vcr-bench/java.base-17/java.base/java/util/concurrent"));
    setUp(corpus);
    Random rnd = new Random(seed);
    Editor editor = start();
    verify(editor, 0, "cold", -1);
    int failures = 0;
    for (int t = 1; t <= trials; t++) {
      int mode = rnd.nextInt(4); // 0, 1: while edits stream in; 2: just after a save; 3: while a restart repairs
      String when;
      long pid = daemonPid();
      if (mode == 3) {
        // Saved edits the index has not seen, a kill, then a second kill while the restarted daemon repairs.
        editor.edits(rnd, 1 + rnd.nextInt(4), true);
        kill(pid);
        editor.close();
        editor = startWithoutWaiting();
        Thread.sleep(rnd.nextInt(1500));
        pid = daemonPid();
        when = "during a restart's repair";
      } else if (mode == 2) {
        editor.edits(rnd, 1 + rnd.nextInt(4), true);
        Thread.sleep(rnd.nextInt(600)); // the watcher's debounce, then the in-place refresh
        when = "after a save";
      } else {
        long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200 + rnd.nextInt(3000));
        int n = 0;
        while (System.nanoTime() < at) {
          editor.edits(rnd, 1, rnd.nextBoolean());
          Thread.sleep(rnd.nextInt(150));
          n++;
        }
        when = "while edits stream in (" + n + " edits)";
      }
      long logBefore = logSize();
      kill(pid);
      editor.close();
      editor = start();
      try {
        verify(editor, t, when, logBefore);
      } catch (AssertionError e) {
        failures++;
        System.out.println("[daemon-kill] trial " + t + " FAILED: " + e.getMessage());
      }
    }
    editor.close();
    assertEquals(0, failures, failures + " of " + trials + " restarts differed from a clean index");
  }

  private void setUp(Path corpus) throws IOException {
    ws = Files.createDirectories(tmp.resolve("ws"));
    try (Stream<Path> s = Files.walk(corpus)) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java")).sorted()::iterator) {
        Path to = ws.resolve(corpus.relativize(p).toString());
        Files.createDirectories(to.getParent());
        Files.copy(p, to);
      }
    }
    ws = ws.toRealPath();
    xdgRuntime = Files.createDirectory(tmp.resolve("xdg-run"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    runDir = xdgRuntime.resolve("vcr");
    cache = Files.createDirectory(tmp.resolve("xdg-cache"));
  }

  /** Checks the restarted daemon against a clean index, and prints the trial's line. */
  private void verify(Editor editor, int trial, String when, long logFrom) throws Exception {
    JsonObject stats = editor.awaitFirstRun();
    String hash = stats.get("indexHash").getAsString();
    Path clean = tmp.resolve("clean-" + trial);
    String cleanHash = cleanCli(clean, "hash", ws.toString()).trim();
    String repair = "";
    if (logFrom >= 0) {
      Matcher m = INDEXED.matcher(Files.readString(files().log()).substring((int) logFrom));
      repair = m.find() ? "first run: " + m.group(2) + " parsed, " + m.group(3) + " deleted, " + m.group(4)
          : "first run: (not in the log)";
    }
    int recoveries = stats.has("recovery") ? stats.getAsJsonArray("recovery").size() : 0;
    boolean sameRefs = cli("refs", NAME, "--root", ws.toString(), "--json")
        .equals(cleanCli(clean, "refs", NAME, "--root", ws.toString(), "--json"));
    System.out.println("[daemon-kill] trial " + trial + " killed " + when + "; " + repair + "; recovery log "
        + recoveries + "; hash " + (hash.equals(cleanHash) ? "equal" : "DIFFERENT") + "; refs "
        + (sameRefs ? "identical" : "DIFFERENT"));
    deleteTree(clean);
    assertEquals(cleanHash, hash, "trial " + trial + ": the restarted daemon's index hash");
    assertTrue(sameRefs, "trial " + trial + ": references through the daemon differ from a clean index");
  }

  // ------------------------------------------------------------------------------------ processes

  private ProcessBuilder vcr(Path stderr, String... args) {
    return DaemonProcessTest.vcrProcess(List.of(), xdgRuntime, cache, tmp, stderr, args);
  }

  /** Runs a query command through the workspace's daemon (a {@code vcr} process) and returns its stdout. */
  private String cli(String... args) throws Exception {
    Path err = tmp.resolve("cli.err");
    ProcessBuilder pb = vcr(err, args).redirectOutput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "vcr " + List.of(args));
    assertEquals(0, p.exitValue(), "vcr " + List.of(args) + ": " + Files.readString(err));
    return out;
  }

  /**
   * Runs a command in this JVM on a clean index in {@code indexDir} (this JVM's runtime folder has no daemon
   * of the campaign's workspace, so none is asked) and returns its stdout.
   */
  private static String cleanCli(Path indexDir, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--index-dir", indexDir.toString()));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code = new dev.vcr.lsp.cli.Cli(new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
    assertEquals(0, code, "vcr " + all + ": " + err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private Editor start() throws Exception {
    Editor e = startWithoutWaiting();
    e.awaitFirstRun();
    return e;
  }

  private Editor startWithoutWaiting() throws Exception {
    Process p = vcr(tmp.resolve("editor.err"), "lsp", "--stdio", "--idle-timeout-seconds", "600").start();
    processes.add(p);
    Editor e = new Editor(p);
    e.client.initialize(List.of(ws), PATIENCE_SECONDS); // two JVMs start first, on a machine that may be busy
    return e;
  }

  private RuntimeDir.DaemonFiles files() throws IOException {
    return RuntimeDir.open(runDir).files(Workspace.of(ws).indexName());
  }

  private long daemonPid() throws Exception {
    await(() -> {
      try {
        return Files.exists(files().pidFile());
      } catch (IOException e) {
        return false;
      }
    });
    return Long.parseLong(Files.readString(files().pidFile()).trim());
  }

  private long logSize() throws IOException {
    return Files.exists(files().log()) ? Files.size(files().log()) : 0;
  }

  private int connections() {
    try {
      return Daemon.probe(files().socket()).get("connections").getAsInt();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void kill(long pid) throws Exception {
    ProcessHandle h = ProcessHandle.of(pid).orElse(null);
    if (h != null) {
      h.destroyForcibly(); // SIGKILL
      h.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(20);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  @org.junit.jupiter.api.AfterEach
  void tearDown() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    if (runDir != null && Files.exists(files().pidFile())) {
      kill(daemonPid());
    }
  }

  // ------------------------------------------------------------------------------------ the editor

  /** An editor on a {@code vcr lsp} process: opens, edits, writes and saves files of the workspace. */
  private final class Editor {
    final Process process;
    final TestClient client;
    final AtomicInteger version = new AtomicInteger(1);
    final AtomicBoolean closed = new AtomicBoolean();
    int added;

    Editor(Process process) {
      this.process = process;
      this.client = new TestClient(process.getInputStream(), process.getOutputStream());
    }

    /** Waits until the daemon's first index run is done, and returns its stats. */
    JsonObject awaitFirstRun() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
      while (true) {
        JsonObject s = client.stats();
        JsonObject server = s.getAsJsonObject("server");
        if (server.get("indexRuns").getAsInt() >= 1 && !server.get("indexing").getAsBoolean()) {
          return s;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no first run: " + s);
        }
        Thread.sleep(100);
      }
    }

    /**
     * {@code n} edits to one file (or a new file, or the deletion of one this campaign added), each a
     * didChange; if {@code save}, the text is written to disk and saved (didSave, didChangeWatchedFiles).
     */
    void edits(Random rnd, int n, boolean save) throws IOException {
      List<Path> all;
      try (Stream<Path> s = Files.walk(ws)) {
        all = s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
      }
      int what = rnd.nextInt(10);
      if (what == 0) {
        Path f = ws.resolve("VcrKilled" + (added++) + ".java");
        Files.writeString(f, "class VcrKilled" + added + " {\n  void vcrKilled() { new java.util.concurrent.atomic"
            + ".AtomicInteger().compareAndSet(1, 2); }\n}\n");
        watched(f, FileChangeType.Created);
        return;
      }
      List<Path> ours = all.stream().filter(f -> f.getFileName().toString().startsWith("VcrKilled")).toList();
      if (what == 1 && !ours.isEmpty()) {
        Path f = ours.get(rnd.nextInt(ours.size()));
        Files.delete(f);
        watched(f, FileChangeType.Deleted);
        return;
      }
      Path f = all.get(rnd.nextInt(all.size()));
      String uri = f.toUri().toString();
      String text = Files.readString(f);
      client.server.getTextDocumentService().didOpen(
          new DidOpenTextDocumentParams(new TextDocumentItem(uri, "java", version.incrementAndGet(), text)));
      for (int i = 0; i < n; i++) {
        text = edit(rnd, text);
        client.server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
            new VersionedTextDocumentIdentifier(uri, version.incrementAndGet()),
            List.of(new TextDocumentContentChangeEvent(text))));
      }
      if (save) {
        Files.writeString(f, text);
        client.server.getTextDocumentService().didSave(new DidSaveTextDocumentParams(new TextDocumentIdentifier(uri)));
        watched(f, FileChangeType.Changed);
      }
      client.server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
    }

    /** One edit: a method calling compareAndSet added, a line deleted, or a name renamed. */
    private String edit(Random rnd, String text) {
      switch (rnd.nextInt(3)) {
        case 0 -> {
          int close = text.lastIndexOf('}');
          return close < 0 ? text : text.substring(0, close) + "  void vcrKilled" + rnd.nextInt(1000)
              + "() { compareAndSet(null, null); }\n" + text.substring(close);
        }
        case 1 -> {
          String[] lines = text.split("\n", -1);
          int drop = rnd.nextInt(lines.length);
          StringBuilder b = new StringBuilder();
          for (int i = 0; i < lines.length; i++) {
            if (i != drop) {
              b.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
            }
          }
          return b.toString();
        }
        default -> {
          return text.replaceFirst("\\bawaitNanos\\b", "awaitNanosRenamed");
        }
      }
    }

    private void watched(Path f, FileChangeType type) {
      client.server.getWorkspaceService().didChangeWatchedFiles(
          new DidChangeWatchedFilesParams(List.of(new FileEvent(f.toUri().toString(), type))));
    }

    void close() {
      if (closed.compareAndSet(false, true)) {
        client.close();
        process.destroyForcibly();
      }
    }
  }
}
