package dev.vcr.lsp.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.scan.ScanOptions;
import dev.vcr.lsp.server.ServerOptions;
import dev.vcr.lsp.server.SessionLauncher;
import dev.vcr.lsp.server.VcrServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspace folders changed on a daemon-hosted connection: the session opens the new roots' index in the
 * daemon's process, and the daemon then also serves those roots (their socket, lock and status), so another
 * editor naming them shares that index instead of finding it locked.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DaemonFoldersTest {
  @TempDir Path tmp;
  Path runDir;
  Path alpha;
  Path beta;
  VcrServer server;
  Daemon daemon;
  CompletableFuture<Daemon.Outcome> run;
  final List<AutoCloseable> cleanup = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    runDir = tmp.resolve("run");
    Path folders = Files.createDirectories(tmp.resolve("folders")).toRealPath();
    alpha = Files.createDirectories(folders.resolve("alpha"));
    beta = Files.createDirectories(folders.resolve("beta"));
    Files.createDirectories(alpha.resolve("app"));
    Files.writeString(alpha.resolve("app/Main.java"), "package app;\nclass Main {\n  void alphaOnly() {}\n}\n");
    Files.createDirectories(beta.resolve("lib"));
    Files.writeString(beta.resolve("lib/Greeter.java"), "package lib;\npublic class Greeter {\n  void betaOnly() {}\n}\n");
    server = new VcrServer(new ServerOptions(Files.createDirectories(tmp.resolve("index")), 2,
        ScanOptions.DEFAULT_MAX_FILE_BYTES));
    SessionHost host = new SessionHost() {
      @Override
      public void serve(InputStream in, OutputStream out) throws Exception {
        SessionLauncher.run(server.newSession(), in, out);
      }

      @Override
      public int sessionCount() {
        return server.sessionCount();
      }

      @Override
      public void onWorkspaces(java.util.function.Consumer<List<Path>> opened,
          java.util.function.Consumer<List<Path>> closed) {
        server.onWorkspaces(opened, closed);
      }

      @Override
      public void close() {
        server.close();
      }
    };
    daemon = new Daemon(files(alpha), List.of(alpha), 0, () -> host);
    run = CompletableFuture.supplyAsync(() -> {
      try {
        return daemon.run();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    await(() -> Files.exists(files(alpha).socket()), "the daemon's socket");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
    daemon.stop();
    run.get(30, TimeUnit.SECONDS);
  }

  RuntimeDir.DaemonFiles files(Path... roots) {
    try {
      return RuntimeDir.open(runDir).files(Workspace.of(roots).indexName());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  TestClient connect(Path socket) throws IOException, InterruptedException {
    // The socket file appears when the daemon binds, a moment before it listens: a refused connection
    // then is retried (seen on a loaded machine).
    SocketChannel ch = null;
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); ch == null; ) {
      try {
        ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
      } catch (java.net.ConnectException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
    TestClient c = new TestClient(ChannelStreams.in(ch), ChannelStreams.out(ch));
    cleanup.add(c);
    cleanup.add(ch);
    return c;
  }

  static void changeFolders(TestClient c, List<Path> added, List<Path> removed) {
    c.server.getWorkspaceService().didChangeWorkspaceFolders(new DidChangeWorkspaceFoldersParams(
        new WorkspaceFoldersChangeEvent(folders(added), folders(removed))));
  }

  static List<WorkspaceFolder> folders(List<Path> roots) {
    return roots.stream().map(r -> new WorkspaceFolder(r.toUri().toString(), r.getFileName().toString())).toList();
  }

  static List<String> symbols(TestClient c, String query) throws Exception {
    List<String> names = new ArrayList<>();
    for (WorkspaceSymbol s : c.server.getWorkspaceService().symbol(new WorkspaceSymbolParams(query))
        .get(30, TimeUnit.SECONDS).getRight()) {
      names.add(s.getName());
    }
    return names;
  }

  @Test
  void theDaemonServesTheRootsItsSessionsMovedTo() throws Exception {
    TestClient first = connect(files(alpha).socket());
    first.initialize(alpha);
    assertEquals(List.of("alphaOnly"), symbols(first, "alphaOnly"));
    assertEquals(List.of(), symbols(first, "betaOnly"));

    changeFolders(first, List.of(beta), List.of());
    assertEquals(List.of("betaOnly"), symbols(first, "betaOnly"), "the session switched inside the daemon");
    RuntimeDir.DaemonFiles both = files(alpha, beta);
    JsonObject status = Daemon.probe(both.socket());
    assertEquals(ProcessHandle.current().pid(), status.get("pid").getAsLong(), "the daemon answers for [alpha, beta]");
    assertEquals("[[\"" + alpha + "\",\"" + beta + "\"]]", status.get("alsoServes").toString());
    assertTrue(Files.exists(both.pidFile()));

    // An editor opened on the same folders (in another order) is routed here by its forwarder and shares
    // the index: no daemon is started, nothing is indexed into a temporary folder.
    AtomicInteger starts = new AtomicInteger();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    Forwarder forwarder = new Forwarder(() -> RuntimeDir.open(runDir), (f, roots) -> {
      starts.incrementAndGet();
      return () -> false;
    }, (in, out) -> {
      throw new AssertionError("no in-process fallback expected");
    }, new PrintStream(errBytes, true, StandardCharsets.UTF_8)).connectTimeoutMillis(5_000);
    Pipe up = Pipe.open();
    Pipe down = Pipe.open();
    OutputStream fwdOut = Channels.newOutputStream(down.sink());
    CompletableFuture<Integer> forwarded = CompletableFuture.supplyAsync(() -> {
      try {
        return forwarder.run(Channels.newInputStream(up.source()), fwdOut);
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
    TestClient second = new TestClient(Channels.newInputStream(down.source()), Channels.newOutputStream(up.sink()));
    cleanup.add(second);
    second.initialize(List.of(beta, alpha));
    assertEquals(List.of("alphaOnly"), symbols(second, "alphaOnly"));
    assertEquals(0, starts.get(), errBytes.toString(StandardCharsets.UTF_8));
    assertEquals(2, server.sessionCount());
    assertEquals(1, server.workspaceCount(), "one shared index of [alpha, beta]");
    assertFalse(second.log.stream().anyMatch(m -> m.contains("temporary folder")), second.log::toString);

    // The first editor drops alpha: [beta] is served here too; [alpha, beta] while the second editor has it.
    changeFolders(first, List.of(), List.of(alpha));
    assertEquals(List.of(), symbols(first, "alphaOnly"));
    assertEquals(ProcessHandle.current().pid(), Daemon.probe(files(beta).socket()).get("pid").getAsLong());
    assertTrue(Files.exists(both.socket()));
    second.shutdownAndExit();
    assertEquals(0, forwarded.get(30, TimeUnit.SECONDS));
    await(() -> !Files.exists(both.socket()), "the [alpha, beta] socket to go with its index");
    assertFalse(Files.exists(both.pidFile()));
    assertEquals("[[\"" + beta + "\"]]", Daemon.probe(files(alpha).socket()).get("alsoServes").toString());
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
