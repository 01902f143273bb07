package dev.vcr.lsp.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.vcr.kernel.ingest.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes: {@code vcr lsp --stdio} children (run from the test classpath, as the shaded jar is not
 * built yet) with their own XDG runtime and cache dirs, driven by an LSP4J client over their stdio.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DaemonProcessTest {
  static final long DEADLINE_SECONDS = 60;

  @TempDir Path tmp;
  Path ws;
  Path xdgRuntime;
  Path runDir;
  Path cache;
  final List<Child> children = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException, URISyntaxException {
    ws = tmp.resolve("ws");
    copy(Path.of(DaemonProcessTest.class.getResource("/daemon-fixture").toURI()), ws);
    ws = ws.toRealPath();
    xdgRuntime = Files.createDirectory(tmp.resolve("xdg-run"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    runDir = xdgRuntime.resolve("vcr");
    cache = Files.createDirectory(tmp.resolve("xdg-cache"));
  }

  @AfterEach
  void tearDown() {
    for (Child c : children) {
      c.client.close();
      c.process.destroyForcibly();
    }
    daemonProcesses().forEach(ProcessHandle::destroyForcibly);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  /** One {@code vcr} child process with a client on its stdio. */
  final class Child {
    final Process process;
    final TestClient client;
    final Path stderr;

    Child(String... args) throws IOException {
      this(List.of(), args);
    }

    /** A child with extra JVM options (which a daemon it starts inherits). */
    Child(List<String> jvmOptions, String... args) throws IOException {
      stderr = tmp.resolve("child-" + children.size() + ".err");
      process = vcr(jvmOptions, stderr, args).start();
      client = new TestClient(process.getInputStream(), process.getOutputStream());
      children.add(this);
    }

    String err() {
      try {
        return Files.readString(stderr);
      } catch (IOException e) {
        return "(no stderr: " + e + ")";
      }
    }

    /** shutdown, exit, and the process must be gone soon after with status 0. */
    void shutdownExitAndWait() throws Exception {
      client.shutdownAndExit();
      assertTrue(process.waitFor(15, TimeUnit.SECONDS), "vcr lsp exits after exit; stderr:\n" + err());
      assertEquals(0, process.exitValue(), err());
    }
  }

  ProcessBuilder vcr(Path stderr, String... args) {
    return vcr(List.of(), stderr, args);
  }

  ProcessBuilder vcr(List<String> jvmOptions, Path stderr, String... args) {
    return vcrProcess(jvmOptions, xdgRuntime, cache, tmp, stderr, args);
  }

  /**
   * A {@code vcr} command from the test classpath, with its own XDG runtime and cache folders, run in
   * {@code dir} with stderr to a file.
   */
  static ProcessBuilder vcrProcess(List<String> jvmOptions, Path xdgRuntime, Path cache, Path dir, Path stderr,
      String... args) {
    List<String> cmd = new ArrayList<>(List.of(DaemonStarter.javaBinary(), "-Xss4m"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.vcr.lsp.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("XDG_RUNTIME_DIR", xdgRuntime.toString());
    pb.environment().put("XDG_CACHE_HOME", cache.toString());
    pb.redirectError(stderr.toFile());
    pb.directory(dir.toFile());
    return pb;
  }

  /** Live daemon processes started for this test (their command line names our runtime dir). */
  List<ProcessHandle> daemonProcesses() {
    String marker = runDir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> dev.vcr.lsp.testing.Processes.arguments(p).contains("daemon")
            && dev.vcr.lsp.testing.Processes.arguments(p).contains(marker))
        .filter(ProcessHandle::isAlive)
        .collect(Collectors.toList());
  }

  RuntimeDir.DaemonFiles files() throws IOException {
    return RuntimeDir.open(runDir).files(Workspace.of(ws).indexName());
  }

  long daemonPid() throws IOException {
    return Long.parseLong(Files.readString(files().pidFile()).trim());
  }

  /** Call sites of greet in App.java, as "App.java:line:col" (0-based), read from the fixture text. */
  Set<String> expectedReferences() throws IOException {
    Set<String> out = new TreeSet<>();
    List<String> lines = Files.readAllLines(ws.resolve("src/demo/App.java"));
    for (int i = 0; i < lines.size(); i++) {
      int col = lines.get(i).indexOf("g.greet(");
      if (col >= 0) {
        out.add("App.java:" + i + ":" + (col + 2));
      }
    }
    assertEquals(2, out.size());
    return out;
  }

  /** References to greet (at its declaration), polled until the index has them or the deadline passes. */
  Set<String> references(TestClient c) throws Exception {
    Path greeter = ws.resolve("src/demo/Greeter.java");
    List<String> lines = Files.readAllLines(greeter);
    int line = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("String greet(")) {
        line = i;
      }
    }
    ReferenceParams p = new ReferenceParams(new TextDocumentIdentifier(greeter.toUri().toString()),
        new Position(line, lines.get(line).indexOf("greet(") + 1), new ReferenceContext(false));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    Set<String> got = Set.of();
    while (System.nanoTime() < deadline) {
      List<? extends Location> locs = c.server.getTextDocumentService().references(p).get(30, TimeUnit.SECONDS);
      got = new TreeSet<>();
      for (Location l : locs == null ? List.<Location>of() : locs) {
        got.add(Path.of(java.net.URI.create(l.getUri())).getFileName() + ":" + l.getRange().getStart().getLine() + ":"
            + l.getRange().getStart().getCharacter());
      }
      if (got.size() >= 2) {
        return got;
      }
      Thread.sleep(200);
    }
    return got;
  }

  private void initialize(Child c) {
    try {
      c.client.initialize(ws);
    } catch (Exception e) {
      throw new AssertionError("initialize failed; stderr:\n" + c.err(), e);
    }
  }

  private String daemonLog() {
    try {
      return Files.readString(files().log());
    } catch (IOException e) {
      return "(no daemon log: " + e + ")";
    }
  }

  @Test
  void twoEditorsShareOneAutoStartedDaemonWhichIsReplacedAfterAKill() throws Exception {
    Set<String> expected = expectedReferences();
    Child a = new Child("lsp", "--stdio", "--idle-timeout-seconds", "30");
    Child b = new Child("lsp", "--stdio", "--idle-timeout-seconds", "30");
    // Both start at once: they race to start the daemon.
    CompletableFuture<Void> ia = CompletableFuture.runAsync(() -> initialize(a));
    CompletableFuture<Void> ib = CompletableFuture.runAsync(() -> initialize(b));
    ia.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    ib.get(DEADLINE_SECONDS, TimeUnit.SECONDS);

    assertEquals(expected, references(a.client), "references through editor A; daemon log:\n" + daemonLog());
    assertEquals(expected, references(b.client), "references through editor B");

    // Exactly one daemon serves both.
    List<ProcessHandle> daemons = daemonProcesses();
    assertEquals(1, daemons.size(), "one daemon process; log:\n" + daemonLog());
    long pid = daemonPid();
    assertEquals(pid, daemons.get(0).pid());
    try (Stream<Path> s = Files.list(runDir)) {
      assertEquals(List.of(files().socket()), s.filter(p -> p.toString().endsWith(".sock")).collect(Collectors.toList()));
    }
    JsonObject status = Daemon.probe(files().socket());
    assertEquals(2, status.get("connections").getAsInt(), status.toString());
    assertEquals(pid, status.get("pid").getAsLong());
    JsonObject stats = a.client.stats();
    assertEquals(2, stats.getAsJsonObject("server").get("sessions").getAsInt(), stats.toString());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir)));
    // No index files in the workspace: they live in XDG_CACHE_HOME.
    try (Stream<Path> s = Files.walk(ws)) {
      assertEquals(2, s.filter(Files::isRegularFile).count());
    }

    // A second daemon for the same workspace notices the first and exits cleanly.
    Path second = tmp.resolve("second-daemon.err");
    Process dup = vcr(second, "daemon", "--runtime-dir", runDir.toString(), ws.toString()).start();
    assertTrue(dup.waitFor(60, TimeUnit.SECONDS), "second daemon exits");
    assertEquals(0, dup.exitValue(), Files.readString(second));
    assertTrue(Files.readString(second).contains("already serves"), Files.readString(second));
    assertEquals(expected, references(b.client), "the first daemon still serves");

    // Editor A leaves; B keeps working.
    a.shutdownExitAndWait();
    assertEquals(expected, references(b.client));
    assertEquals(1, Daemon.probe(files().socket()).get("connections").getAsInt());

    // kill -9 the daemon: B's connection ends, and the stale socket file stays behind.
    ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
    daemon.destroyForcibly();
    daemon.onExit().get(15, TimeUnit.SECONDS);
    assertTrue(b.process.waitFor(15, TimeUnit.SECONDS), "the forwarder ends with its daemon");
    assertTrue(Files.exists(files().socket()), "stale socket left by kill -9");

    // The next editor starts a new daemon that answers correctly.
    Child c = new Child("lsp", "--stdio", "--idle-timeout-seconds", "30");
    initialize(c);
    assertEquals(expected, references(c.client), "references from the restarted daemon; log:\n" + daemonLog());
    long newPid = daemonPid();
    assertNotEquals(pid, newPid);
    assertEquals(List.of(newPid), daemonProcesses().stream().map(ProcessHandle::pid).collect(Collectors.toList()));
    c.shutdownExitAndWait();
    assertTrue(daemonLog().contains("daemon " + newPid + " serving"), daemonLog());
  }

  /**
   * The version handshake between real processes: a daemon started by a {@code vcr lsp} of another version
   * (the test-only {@link dev.vcr.lsp.Version#TEST_OVERRIDE}, inherited by the daemon it starts) is replaced
   * when no session uses it; while a session of its own version is attached, it is left running and the
   * editor of this version is served in-process, with the reason on its stderr.
   */
  @Test
  void aDaemonOfAnotherVersionIsReplacedWhenIdleAndOtherwiseTheEditorRunsInProcess() throws Exception {
    Set<String> expected = expectedReferences();
    List<String> old = List.of("-D" + dev.vcr.lsp.Version.TEST_OVERRIDE + "=0.0.1-old");
    String current = dev.vcr.lsp.Version.get();

    // An editor of the old version starts a daemon of the old version, then leaves (the daemon stays up).
    Child a = new Child(old, "lsp", "--stdio", "--idle-timeout-seconds", "120");
    initialize(a);
    assertEquals(expected, references(a.client), "old editor through the old daemon; log:\n" + daemonLog());
    long oldPid = daemonPid();
    assertEquals("0.0.1-old", Daemon.probe(files().socket()).get("version").getAsString());
    a.shutdownExitAndWait();
    ForwarderTest.await(() -> connections() == 0, "the old editor's session ends");

    // An editor of this version: the idle old daemon is asked to exit and a daemon of this version serves it.
    Child b = new Child("lsp", "--stdio", "--idle-timeout-seconds", "120");
    initialize(b);
    assertEquals(expected, references(b.client), "new editor; stderr:\n" + b.err() + "\nlog:\n" + daemonLog());
    ProcessHandle.of(oldPid).ifPresent(p -> p.onExit().join());
    long newPid = daemonPid();
    assertNotEquals(oldPid, newPid);
    assertEquals(List.of(newPid), daemonProcesses().stream().map(ProcessHandle::pid).collect(Collectors.toList()));
    assertEquals(current, Daemon.probe(files().socket()).get("version").getAsString());
    assertTrue(daemonLog().contains("asked to make way for a daemon of another version"), daemonLog());
    b.shutdownExitAndWait();
    ForwarderTest.await(() -> connections() == 0, "the new editor's session ends");

    // The old version again replaces that idle daemon with its own, and keeps a session on it.
    Child c = new Child(old, "lsp", "--stdio", "--idle-timeout-seconds", "120");
    initialize(c);
    assertEquals(expected, references(c.client), "old editor again; stderr:\n" + c.err());
    long oldAgain = daemonPid();
    assertNotEquals(newPid, oldAgain);
    assertEquals(1, connections());

    // This version's editor now finds a daemon of another version serving a session: it runs in-process.
    Child d = new Child("lsp", "--stdio", "--idle-timeout-seconds", "120");
    initialize(d);
    assertEquals(expected, references(d.client), "in-process editor; stderr:\n" + d.err());
    assertTrue(d.err().contains("the workspace's daemon runs Vcr 0.0.1-old and this is " + current
        + "; it serves 1 other session(s), so it is left running"), d.err());
    assertTrue(d.err().contains("running in-process"), d.err());
    assertEquals(oldAgain, daemonPid(), "the old daemon is left running");
    assertEquals(List.of(oldAgain), daemonProcesses().stream().map(ProcessHandle::pid).collect(Collectors.toList()));
    JsonObject status = Daemon.probe(files().socket());
    assertEquals("0.0.1-old", status.get("version").getAsString());
    assertEquals(1, status.get("connections").getAsInt(), "the in-process editor is not connected to it");
    assertEquals(expected, references(c.client), "the old editor is still served");
    d.shutdownExitAndWait();
    c.shutdownExitAndWait();
  }

  private int connections() {
    try {
      return Daemon.probe(files().socket()).get("connections").getAsInt();
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void daemonExitsWhenIdle() throws Exception {
    Child a = new Child("lsp", "--stdio", "--idle-timeout-seconds", "1");
    initialize(a);
    assertEquals(expectedReferences(), references(a.client));
    long pid = daemonPid();
    a.shutdownExitAndWait();
    Optional<ProcessHandle> daemon = ProcessHandle.of(pid);
    if (daemon.isPresent()) {
      daemon.get().onExit().get(30, TimeUnit.SECONDS);
    }
    assertFalse(Files.exists(files().socket()), "socket removed on idle exit");
    assertFalse(Files.exists(files().pidFile()), "pid file removed on idle exit");
    assertTrue(daemonLog().contains("idle for 1 s"), daemonLog());
  }

  @Test
  void noDaemonServesInProcess() throws Exception {
    Child a = new Child("lsp", "--no-daemon", "--stdio");
    initialize(a);
    assertEquals(expectedReferences(), references(a.client));
    a.shutdownExitAndWait();
    assertFalse(Files.exists(runDir), "no daemon files in --no-daemon mode");
    assertTrue(daemonProcesses().isEmpty());
    assertTrue(new String(a.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isEmpty());
  }

  static {
    // Fail fast (rather than time out) if the fixture is missing from the test classpath.
    if (DaemonProcessTest.class.getResource("/daemon-fixture/src/demo/App.java") == null) {
      throw new UncheckedIOException(new IOException("daemon-fixture missing from the test classpath"));
    }
  }
}
