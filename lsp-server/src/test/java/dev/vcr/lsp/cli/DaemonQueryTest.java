package dev.vcr.lsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.lsp.daemon.Daemon;
import dev.vcr.lsp.daemon.RuntimeDir;
import dev.vcr.lsp.server.ServerOptions;
import dev.vcr.lsp.server.VcrServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a daemon holds the workspace's index, query commands get their answers from it (same output as a
 * local answer) instead of failing with exit 3; without a daemon the lock error stands.
 */
class DaemonQueryTest {
  @TempDir Path tmp;
  Path ws;
  Path cache;
  Path runtime;
  CliRun cli;
  VcrServer server;
  Daemon daemon;
  CompletableFuture<Daemon.Outcome> daemonRun;
  CountDownLatch releaseHold = new CountDownLatch(1);
  CompletableFuture<Void> hold;

  @BeforeEach
  void setUp() throws Exception {
    tmp = tmp.toRealPath();
    ws = tmp.resolve("ws");
    CliRun.javaFixture(ws);
    cache = tmp.resolve("cache");
    runtime = tmp.resolve("run");
    Files.createDirectories(runtime);
    Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    cli = new CliRun(cache, runtime).in(ws.resolve("app"));
    Files.createDirectories(ws.resolve(".git"));
  }

  @AfterEach
  void tearDown() throws Exception {
    releaseHold.countDown();
    if (hold != null) {
      hold.get(10, TimeUnit.SECONDS);
    }
    if (daemon != null) {
      daemon.stop();
      daemonRun.get(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  private Path indexDir() throws Exception {
    return cache.resolve(Workspace.of(ws).indexName());
  }

  /** A daemon for the workspace whose server keeps the index open (as an editor session would). */
  private void startDaemonHoldingTheIndex() throws Exception {
    server = new VcrServer(new ServerOptions(cache, 1, ServerOptions.defaults().maxFileBytes()));
    RuntimeDir.DaemonFiles files = RuntimeDir.open(runtime).files(Workspace.of(ws).indexName());
    daemon = new Daemon(files, List.of(ws), 0, () -> ServerCommands.ServerSettings.host(server));
    daemonRun = CompletableFuture.supplyAsync(() -> {
      try {
        return daemon.run();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    CountDownLatch held = new CountDownLatch(1);
    hold = CompletableFuture.runAsync(() -> {
      try {
        server.withIndex(List.of(ws), index -> {
          held.countDown();
          releaseHold.await();
          return null;
        });
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    assertTrue(held.await(60, TimeUnit.SECONDS), "the daemon's server opened the index");
    for (int i = 0; i < 200 && !Files.exists(files.socket()); i++) {
      Thread.sleep(25);
    }
    assertTrue(Files.exists(files.socket()));
  }

  @Test
  void queriesGoThroughTheDaemonThatHoldsTheIndex() throws Exception {
    // Local answers first, while no one holds the index.
    String refsJson = cli.run("refs", "greet", "--json").out();
    String refsPlain = cli.run("refs", "greet").out();
    String callersJson = cli.run("callers", "greet", "--json").out();
    String symbols = cli.run("symbols", "gre", "--limit", "3", "--json").out();
    assertTrue(refsPlain.contains("app/Main.java:6:7: g.greet(\"x\");"), refsPlain);

    startDaemonHoldingTheIndex();
    CliRun.Result direct = cli.run("index", ws.toString(), "--index-dir", indexDir().toString());
    assertEquals(Cli.LOCKED, direct.code(), "the index is held: " + direct.err());

    CliRun.Result refs = cli.run("refs", "greet", "--json");
    assertEquals(0, refs.code(), refs.err());
    assertEquals(refsJson, refs.out(), "the same JSON, byte for byte");
    assertEquals("", refs.err());
    assertEquals(refsPlain, cli.run("refs", "greet").out());
    assertEquals(callersJson, cli.run("callers", "greet", "--json").out());
    assertEquals(symbols, cli.run("symbols", "gre", "--limit", "3", "--json").out());

    JsonObject stats = cli.run("stats", "--json").json().getAsJsonObject();
    assertEquals(2, stats.get("files").getAsInt());
    assertEquals(indexDir().toString(), stats.get("indexDir").getAsString());
    assertTrue(cli.run("stats").out().contains("\nfiles: 2\n"), "whole numbers stay whole");

    // doctor cannot open the held index; the daemon gives its figures and repairs.
    JsonObject index = cli.run("doctor", "--json").json().getAsJsonObject().getAsJsonObject("index");
    assertTrue(index.get("state").getAsString().startsWith("ok, held by the daemon (pid "), index.toString());
    assertEquals(2, index.get("files").getAsInt());
    assertEquals(0, index.getAsJsonArray("repairs").size());

    // The daemon's answer is fresh: a new call site shows up without re-indexing by hand.
    CliRun.write(ws.resolve("app/Extra.java"),
        "package app;\n\nclass Extra {\n  void go(Greeter g) {\n    g.greet(\"z\");\n  }\n}\n");
    CliRun.Result after = cli.run("refs", "greet");
    assertEquals(0, after.code(), after.err());
    assertTrue(after.out().startsWith("app/Extra.java\napp/Extra.java:5:7: g.greet(\"z\");\n\napp/Main.java\n"), after.out());
  }

  @Test
  void graphQueriesGoThroughTheDaemonToo() throws Exception {
    List<List<String>> queries = List.of(List.of("impact", "greet", "--json"), List.of("impact", "greet"),
        List.of("paths", "main", "format", "--format", "dot"), List.of("context", "greet", "--budget", "50", "--json"),
        List.of("hotspots"), List.of("stats", "--graph", "--json"), List.of("detail", "greet"));
    List<String> local = new java.util.ArrayList<>();
    for (List<String> q : queries) {
      CliRun.Result r = cli.run(q.toArray(String[]::new));
      assertEquals(0, r.code(), q + ": " + r.err());
      local.add(r.out());
    }
    assertTrue(local.get(1).contains("hop 1: "), local.get(1));
    startDaemonHoldingTheIndex();
    for (int i = 0; i < queries.size(); i++) {
      CliRun.Result r = cli.run(queries.get(i).toArray(String[]::new));
      assertEquals(0, r.code(), queries.get(i) + ": " + r.err());
      assertEquals(local.get(i), r.out(), "the daemon answers " + queries.get(i) + " byte for byte as a local run");
    }
    CliRun.Result none = cli.run("impact", "noSuchThing");
    assertEquals(0, none.code(), none.err());
    assertTrue(none.err().contains("no declaration found for 'noSuchThing'"), none.err());
  }

  @Test
  void aDaemonFailureKeepsItsExitCode() throws Exception {
    assertEquals(0, cli.run("refs", "greet").code());
    startDaemonHoldingTheIndex();
    // A request the daemon rejects: an internal error there is an internal error here.
    Path socket = RuntimeDir.open(runtime).files(Workspace.of(ws).indexName()).socket();
    Daemon.QueryFailedException e = org.junit.jupiter.api.Assertions.assertThrows(Daemon.QueryFailedException.class,
        () -> Daemon.query(socket, DaemonQueries.request("frobnicate", "x", 1)));
    assertEquals("IllegalArgumentException", e.type());
    assertTrue(e.getMessage().contains("frobnicate"), e.getMessage());
  }

  @Test
  void aDaemonThatDoesNotKnowQueriesIsNoAnswerAndNoHang() throws Exception {
    // Stands in for a daemon of an earlier version: it serves every connection as an LSP session.
    assertEquals(0, cli.run("refs", "greet").code());
    RuntimeDir.DaemonFiles files = RuntimeDir.open(runtime).files(Workspace.of(ws).indexName());
    server = new VcrServer(new ServerOptions(tmp.resolve("other-cache"), 1, ServerOptions.defaults().maxFileBytes()));
    try (java.nio.channels.ServerSocketChannel old =
            java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        SymbolStore held = SymbolStore.open(indexDir())) {
      old.bind(java.net.UnixDomainSocketAddress.of(files.socket()));
      CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
        try (java.nio.channels.SocketChannel ch = old.accept()) {
          dev.vcr.lsp.server.SessionLauncher.run(server.newSession(), java.nio.channels.Channels.newInputStream(ch),
              java.nio.channels.Channels.newOutputStream(ch));
        } catch (Exception e) {
          // the session ends when the query's half-close reaches it
        }
      });
      CliRun.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
          () -> cli.run("refs", "greet"));
      assertEquals(Cli.LOCKED, r.code(), r.err());
      assertTrue(r.err().startsWith("vcr: the daemon on " + files.socket() + " did not answer"), r.err());
      serving.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutADaemonALockedIndexStillExits3() throws Exception {
    assertEquals(0, cli.run("refs", "greet").code());
    try (SymbolStore held = SymbolStore.open(indexDir())) {
      CliRun.Result r = cli.run("refs", "greet");
      assertEquals(Cli.LOCKED, r.code(), r.err());
      assertTrue(r.err().startsWith("vcr: the index at " + indexDir() + " is in use by another Vcr process"), r.err());
      // A stale socket (no daemon behind it) is not an answer either.
      RuntimeDir.DaemonFiles files = RuntimeDir.open(runtime).files(Workspace.of(ws).indexName());
      Files.writeString(files.socket(), "");
      CliRun.Result stale = cli.run("refs", "greet");
      assertEquals(Cli.LOCKED, stale.code(), stale.err());
      assertTrue(stale.err().startsWith("vcr: the daemon on " + files.socket() + " did not answer"), stale.err());
    }
  }
}
