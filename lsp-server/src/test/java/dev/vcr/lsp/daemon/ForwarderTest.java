package dev.vcr.lsp.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.vcr.kernel.ingest.Workspace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.lsp4j.InitializeResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The forwarder and daemon in this JVM, with a stub server: transport, sharing, stale sockets, idle exit, fallback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForwarderTest {
  @TempDir Path tmp;
  Path runDir;
  Path ws;
  RuntimeDir.DaemonFiles files;
  final StubHost host = new StubHost("stub-daemon");
  final List<Daemon> daemons = new CopyOnWriteArrayList<>();
  final List<CompletableFuture<Daemon.Outcome>> daemonRuns = new CopyOnWriteArrayList<>();
  final AtomicInteger starts = new AtomicInteger();
  final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
  final List<AutoCloseable> cleanup = new ArrayList<>();
  long idleMillis = 60_000;

  @BeforeEach
  void setUp() throws IOException {
    runDir = tmp.resolve("run");
    ws = Files.createDirectory(tmp.resolve("ws"));
    files = RuntimeDir.open(runDir).files(Workspace.of(ws).indexName());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
    daemons.forEach(Daemon::stop);
  }

  /** Starts a daemon thread in this JVM, as the real starter would start a process. */
  final DaemonStarter inJvm = (f, roots) -> {
    starts.incrementAndGet();
    Daemon d = new Daemon(f, roots, idleMillis, () -> host);
    daemons.add(d);
    CompletableFuture<Daemon.Outcome> run = CompletableFuture.supplyAsync(() -> {
      try {
        return d.run();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    daemonRuns.add(run);
    return () -> !run.isDone();
  };

  /** One editor connected to a running forwarder through pipes. */
  final class Editor implements AutoCloseable {
    final TestClient client;
    final CompletableFuture<Integer> exitCode;
    final OutputStream editorOut;

    Editor(Forwarder f) throws IOException {
      // NIO pipes, not java.io.Piped*: those fail once the thread that last wrote has ended.
      Pipe up = Pipe.open();
      Pipe down = Pipe.open();
      InputStream fwdIn = Channels.newInputStream(up.source());
      editorOut = Channels.newOutputStream(up.sink());
      InputStream editorIn = Channels.newInputStream(down.source());
      OutputStream fwdOut = Channels.newOutputStream(down.sink());
      exitCode = CompletableFuture.supplyAsync(() -> {
        try {
          return f.run(fwdIn, fwdOut);
        } catch (Exception e) {
          throw new RuntimeException(e);
        } finally {
          try {
            fwdOut.close();
          } catch (IOException ignored) {
            // closed
          }
        }
      });
      client = new TestClient(editorIn, editorOut);
      cleanup.add(this);
    }

    @Override
    public void close() {
      client.close();
    }
  }

  Forwarder forwarder(DaemonStarter starter) {
    return new Forwarder(() -> RuntimeDir.open(runDir), starter,
        (in, out) -> {
          try (StubHost local = new StubHost("stub-in-process")) {
            local.serve(in, out);
          }
          return 0;
        }, err).connectTimeoutMillis(5_000);
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void twoEditorsShareOneDaemon() throws Exception {
    Editor a = new Editor(forwarder(inJvm));
    Editor b = new Editor(forwarder(inJvm));
    CompletableFuture<InitializeResult> ra = CompletableFuture.supplyAsync(() -> init(a));
    CompletableFuture<InitializeResult> rb = CompletableFuture.supplyAsync(() -> init(b));
    InitializeResult ia = ra.get(30, TimeUnit.SECONDS);
    InitializeResult ib = rb.get(30, TimeUnit.SECONDS);
    assertEquals("stub-daemon", ia.getServerInfo().getName());
    assertEquals("stub-daemon", ib.getServerInfo().getName());
    assertEquals(Set.of("1", "2"), Set.of(ia.getServerInfo().getVersion(), ib.getServerInfo().getVersion()));
    assertEquals(1, starts.get(), "exactly one daemon started");
    JsonObject status = Daemon.probe(files.socket());
    assertEquals(2, status.get("connections").getAsInt());
    assertEquals(2, status.get("sessions").getAsInt());
    assertEquals(ProcessHandle.current().pid(), status.get("pid").getAsLong());
    assertEquals(ws.toRealPath().toString(), status.getAsJsonArray("roots").get(0).getAsString());
    assertEquals(String.valueOf(ProcessHandle.current().pid()), Files.readString(files.pidFile()).trim());

    a.client.shutdownAndExit();
    assertEquals(0, a.exitCode.get(10, TimeUnit.SECONDS));
    await(() -> host.sessionCount() == 1, "one session left");
    b.client.shutdownAndExit();
    assertEquals(0, b.exitCode.get(10, TimeUnit.SECONDS));
    await(() -> host.sessionCount() == 0, "no session left");
    assertEquals(0, Daemon.probe(files.socket()).get("connections").getAsInt());
    assertFalse(host.closed, "the daemon outlives its sessions until the idle timeout");
  }

  private InitializeResult init(Editor e) {
    try {
      return e.client.initialize(ws);
    } catch (Exception x) {
      throw new RuntimeException(x);
    }
  }

  private InitializeResult initWs(Editor e) throws Exception {
    return e.client.initialize(ws);
  }

  @Test
  void staleSocketFileIsReplaced() throws Exception {
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(files.socket()));
    }
    assertTrue(Files.exists(files.socket()), "a dead daemon's socket file is left behind");
    assertThrows(IOException.class, () -> SocketChannel.open(UnixDomainSocketAddress.of(files.socket())).close());
    Editor e = new Editor(forwarder(inJvm));
    assertEquals("stub-daemon", initWs(e).getServerInfo().getName());
    assertEquals(1, starts.get());
    e.client.shutdownAndExit();
    assertEquals(0, e.exitCode.get(10, TimeUnit.SECONDS));
  }

  @Test
  void idleDaemonExitsAndTheNextEditorStartsAnother() throws Exception {
    idleMillis = 300;
    Editor e = new Editor(forwarder(inJvm));
    initWs(e);
    Thread.sleep(600); // longer than the idle timeout, but a session is open: it must stay
    assertFalse(daemonRuns.get(0).isDone(), "no idle exit while a session is open");
    e.client.shutdownAndExit();
    assertEquals(0, e.exitCode.get(10, TimeUnit.SECONDS));
    assertEquals(Daemon.Outcome.IDLE_EXIT, daemonRuns.get(0).get(10, TimeUnit.SECONDS));
    assertTrue(host.closed, "the server is closed on idle exit");
    assertFalse(Files.exists(files.socket()), "socket removed");
    assertFalse(Files.exists(files.pidFile()), "pid file removed");

    Editor again = new Editor(forwarder(inJvm));
    assertEquals("stub-daemon", initWs(again).getServerInfo().getName());
    assertEquals(2, starts.get());
    again.client.shutdownAndExit();
    assertEquals(0, again.exitCode.get(10, TimeUnit.SECONDS));
  }

  @Test
  void editorClosingItsInputEndsTheSession() throws Exception {
    Editor e = new Editor(forwarder(inJvm));
    initWs(e);
    await(() -> host.sessionCount() == 1, "session open");
    e.editorOut.close(); // the editor died without shutdown/exit
    assertEquals(0, e.exitCode.get(10, TimeUnit.SECONDS));
    await(() -> host.sessionCount() == 0, "session closed");
  }

  @Test
  void daemonHangingUpBeforeAnsweringFallsBackInProcess() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    ServerSocketChannel rude = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    rude.bind(UnixDomainSocketAddress.of(files.socket()));
    cleanup.add(rude);
    Thread t = new Thread(() -> {
      try {
        while (true) {
          rude.accept().close();
          accepted.incrementAndGet();
        }
      } catch (IOException done) {
        // closed by the test
      }
    });
    t.setDaemon(true);
    t.start();
    Editor e = new Editor(forwarder(inJvm));
    assertEquals("stub-in-process", initWs(e).getServerInfo().getName(), "the first message was replayed in-process");
    assertEquals(4, accepted.get(), "the version probe, then three tries before giving up");
    assertEquals(0, starts.get());
    assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("running in-process"), errBytes.toString(StandardCharsets.UTF_8));
    e.client.shutdownAndExit();
    assertEquals(0, e.exitCode.get(10, TimeUnit.SECONDS));
  }

  @Test
  void noDaemonInTimeFallsBackInProcess() throws Exception {
    Forwarder f = forwarder((fl, roots) -> {
      starts.incrementAndGet();
      return () -> false; // "crashed at once"
    }).connectTimeoutMillis(1_500);
    Editor e = new Editor(f);
    assertEquals("stub-in-process", initWs(e).getServerInfo().getName());
    assertTrue(starts.get() >= 1 && starts.get() <= 4, "bounded restarts: " + starts.get());
    e.client.shutdownAndExit();
    assertEquals(0, e.exitCode.get(10, TimeUnit.SECONDS));
  }

  @Test
  void unsafeRuntimeDirFallsBackInProcess() throws Exception {
    Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Editor e = new Editor(forwarder(inJvm));
    assertEquals("stub-in-process", initWs(e).getServerInfo().getName());
    assertEquals(0, starts.get());
    String msg = errBytes.toString(StandardCharsets.UTF_8);
    assertTrue(msg.contains("group or others"), msg);
    e.client.shutdownAndExit();
    assertEquals(0, e.exitCode.get(10, TimeUnit.SECONDS));
  }

  /** Starts a daemon thread that reports {@code version}, and waits for its socket. */
  private Daemon daemonOfVersion(String version, StubHost h) throws Exception {
    Daemon d = new Daemon(files, List.of(ws.toRealPath()), idleMillis, () -> h).version(version);
    daemons.add(d);
    daemonRuns.add(CompletableFuture.supplyAsync(() -> {
      try {
        return d.run();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }));
    await(() -> {
      try {
        return Daemon.probe(files.socket()).has("pid");
      } catch (IOException e) {
        return false;
      }
    }, "the old daemon's socket");
    return d;
  }

  @Test
  void aDaemonOfAnotherVersionWithNoSessionIsReplaced() throws Exception {
    StubHost old = new StubHost("old-daemon");
    daemonOfVersion("0.0-old", old);
    assertEquals("0.0-old", Daemon.probe(files.socket()).get("version").getAsString());

    Editor e = new Editor(forwarder(inJvm));
    assertEquals("stub-daemon", initWs(e).getServerInfo().getName(), "served by a daemon of this version");
    assertEquals(1, starts.get());
    assertEquals(Daemon.Outcome.STOPPED, daemonRuns.get(0).get(10, TimeUnit.SECONDS), "the old daemon exited");
    assertEquals(0, old.opened.get(), "the old daemon served no session");
    assertEquals(dev.vcr.lsp.Version.get(), Daemon.probe(files.socket()).get("version").getAsString());
    e.client.shutdownAndExit();
    assertEquals(0, e.exitCode.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aDaemonOfAnotherVersionServingSessionsIsLeftAndTheEditorRunsInProcess() throws Exception {
    StubHost old = new StubHost("old-daemon");
    daemonOfVersion("0.0-old", old);
    // An editor of the old version uses it.
    Editor oldEditor = new Editor(forwarder(inJvm).version("0.0-old"));
    assertEquals("old-daemon", initWs(oldEditor).getServerInfo().getName());

    Editor e = new Editor(forwarder(inJvm));
    assertEquals("stub-in-process", initWs(e).getServerInfo().getName());
    String msg = errBytes.toString(StandardCharsets.UTF_8);
    assertTrue(msg.contains("runs Vcr 0.0-old") && msg.contains("serves 1 other session") && msg.contains("in-process"),
        msg);
    assertEquals(0, starts.get(), "no daemon started beside it");
    assertFalse(daemonRuns.get(0).isDone(), "the old daemon keeps serving its session");
    assertEquals(1, Daemon.probe(files.socket()).get("connections").getAsInt());
    e.client.shutdownAndExit();
    assertEquals(0, e.exitCode.get(10, TimeUnit.SECONDS));
    oldEditor.client.shutdownAndExit();
    assertEquals(0, oldEditor.exitCode.get(10, TimeUnit.SECONDS));
  }

  @Test
  void onlyTheDaemonsOwnUserMayConnect() throws Exception {
    // A daemon that admits nobody (as it would treat a process of another user): refused unanswered.
    Daemon d = new Daemon(files, List.of(ws.toRealPath()), idleMillis, () -> host).peerAllowed(u -> false);
    daemons.add(d);
    CompletableFuture<Daemon.Outcome> run = CompletableFuture.supplyAsync(() -> {
      try {
        return d.run();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    daemonRuns.add(run);
    await(() -> Files.exists(files.socket()), "the daemon's socket");
    // Closed at once (without answering, or reset while the probe was still being written).
    assertThrows(IOException.class, () -> Daemon.probe(files.socket()));
    assertEquals(0, host.opened.get());
    d.stop();
    run.get(10, TimeUnit.SECONDS);

    // By default the peer's uid (SO_PEERCRED) is compared with the daemon's own: this process is admitted.
    UserPrincipalHolder.check(tmp);
  }

  /** SO_PEERCRED on a real connection gives this process's user, as the daemon's default check expects. */
  static final class UserPrincipalHolder {
    static void check(Path dir) throws Exception {
      Path sock = dir.resolve("peer.sock");
      try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        s.bind(UnixDomainSocketAddress.of(sock));
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(sock)); SocketChannel a = s.accept()) {
          java.nio.file.attribute.UserPrincipal peer = a.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user();
          assertEquals(Files.getOwner(sock), peer, "the peer is the socket owner's user");
          assertNotEquals(dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"), peer);
        }
      }
    }
  }

  @Test
  void probeFailsWithoutDaemon() {
    assertThrows(IOException.class, () -> Daemon.probe(files.socket()));
    assertNotEquals(files.socket(), files.daemonLock());
  }
}
