package dev.vcr.lsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.vcr.kernel.index.SymbolStore;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.parse.NativeExtractor;
import dev.vcr.lsp.Version;
import dev.vcr.lsp.daemon.Daemon;
import dev.vcr.lsp.daemon.RuntimeDir;
import dev.vcr.lsp.daemon.SessionHost;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vcr doctor}: the report, with and without a workspace, an index, damage, a lock and a daemon. */
class DoctorTest {
  @TempDir Path tmp;
  Path ws;
  Path cache;
  Path runtime;
  CliRun cli;

  @BeforeEach
  void setUp() throws Exception {
    tmp = tmp.toRealPath();
    ws = tmp.resolve("ws");
    CliRun.javaFixture(ws);
    cache = tmp.resolve("cache");
    runtime = tmp.resolve("run");
    cli = new CliRun(cache, runtime).in(ws);
  }

  private Path indexDir() throws Exception {
    return cache.resolve(Workspace.of(ws).indexName());
  }

  private JsonObject doctor(String... extra) {
    String[] args = new String[extra.length + 2];
    args[0] = "doctor";
    args[1] = "--json";
    System.arraycopy(extra, 0, args, 2, extra.length);
    CliRun.Result r = cli.run(args);
    assertEquals(0, r.code(), r.err());
    return r.json().getAsJsonObject();
  }

  @Test
  void withoutAWorkspaceItStillReportsTheInstallation() throws Exception {
    JsonObject d = doctor();
    assertEquals(Version.get(), d.get("version").getAsString());
    assertEquals(System.getProperty("java.version"), d.getAsJsonObject("java").get("version").getAsString());
    assertEquals(System.getProperty("java.vendor"), d.getAsJsonObject("java").get("vendor").getAsString());
    assertEquals(NativeExtractor.available(), d.getAsJsonObject("native").get("loaded").getAsBoolean());
    assertEquals(NativeExtractor.mode().name().toLowerCase(Locale.ROOT), d.getAsJsonObject("native").get("mode").getAsString());
    assertTrue(d.getAsJsonObject("workspace").get("root").isJsonNull());
    assertTrue(d.getAsJsonObject("workspace").get("how").getAsString().startsWith("no workspace found"));
    assertTrue(d.get("index").isJsonNull());
    assertFalse(Files.exists(cache), "doctor indexes nothing");

    CliRun.Result plain = cli.run("doctor");
    assertEquals(0, plain.code());
    assertTrue(plain.out().startsWith("vcr        " + Version.get() + "\njava       " + System.getProperty("java.version")),
        plain.out());
    assertTrue(plain.out().contains("\nworkspace  none: no workspace found"), plain.out());
  }

  @Test
  void aWorkspaceNotIndexedYet() throws Exception {
    Files.createDirectories(ws.resolve(".git"));
    JsonObject d = doctor();
    assertEquals(ws.toString(), d.getAsJsonObject("workspace").get("root").getAsString());
    assertEquals("git top level", d.getAsJsonObject("workspace").get("how").getAsString());
    JsonObject index = d.getAsJsonObject("index");
    assertEquals(indexDir().toString(), index.get("dir").getAsString());
    assertFalse(index.get("exists").getAsBoolean());
    assertFalse(Files.exists(indexDir()), "doctor does not create the index");
    assertFalse(d.getAsJsonObject("daemon").get("running").getAsBoolean());
  }

  @Test
  void anIndexItsSizeSchemaAndRepairs() throws Exception {
    assertEquals(0, cli.run("index", ws.toString(), "--index-dir", indexDir().toString()).code());
    JsonObject index = doctor().getAsJsonObject("index");
    assertTrue(index.get("exists").getAsBoolean());
    assertEquals("ok", index.get("state").getAsString());
    assertEquals(2, index.get("files").getAsInt());
    assertEquals(SymbolStore.SCHEMA, index.get("schema").getAsString());
    assertEquals(DoctorCommand.sizeOnDisk(indexDir()), index.get("bytesOnDisk").getAsLong());
    assertTrue(index.get("bytesOnDisk").getAsLong() > 1000, index.toString());
    assertEquals(0, index.getAsJsonArray("repairs").size());

    // Damage: CURRENT names no generation. Opening repairs it, and doctor shows the repair.
    Files.writeString(indexDir().resolve("CURRENT"), "garbage\n");
    JsonObject repaired = doctor().getAsJsonObject("index");
    assertEquals(1, repaired.getAsJsonArray("repairs").size(), repaired.toString());
    assertTrue(repaired.getAsJsonArray("repairs").get(0).getAsString().contains("CURRENT"), repaired.toString());
    Files.writeString(indexDir().resolve("CURRENT"), "garbage\n");
    CliRun.Result plain = cli.run("doctor", "--root", ws.toString());
    assertTrue(plain.out().contains("\n  repairs  \n    the index's CURRENT file is missing or unreadable"), plain.out());
  }

  @Test
  void aLockedIndexIsNotOpenedButMeasured() throws Exception {
    assertEquals(0, cli.run("index", ws.toString(), "--index-dir", indexDir().toString()).code());
    try (SymbolStore held = SymbolStore.open(indexDir())) {
      JsonObject index = doctor().getAsJsonObject("index");
      assertTrue(index.get("state").getAsString().startsWith("in use by another Vcr process"), index.toString());
      assertTrue(index.get("bytesOnDisk").getAsLong() > 0);
      assertFalse(index.has("repairs"));
    }
  }

  @Test
  void aRunningDaemonIsReported() throws Exception {
    assertEquals(0, cli.run("index", ws.toString(), "--index-dir", indexDir().toString()).code());
    RuntimeDir rd = RuntimeDir.open(runtime);
    Daemon daemon = new Daemon(rd.files(Workspace.of(ws).indexName()), List.of(ws), 0, () -> new SessionHost() {
      @Override
      public void serve(InputStream in, OutputStream out) {}

      @Override
      public int sessionCount() {
        return 0;
      }

      @Override
      public void close() {}
    });
    CompletableFuture<Daemon.Outcome> run = CompletableFuture.supplyAsync(() -> {
      try {
        return daemon.run();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    try {
      Path socket = rd.files(Workspace.of(ws).indexName()).socket();
      for (int i = 0; i < 200 && !Files.exists(socket); i++) {
        Thread.sleep(25);
      }
      JsonObject d = doctor().getAsJsonObject("daemon");
      assertTrue(d.get("running").getAsBoolean(), d.toString());
      assertEquals(ProcessHandle.current().pid(), d.get("pid").getAsLong());
      assertEquals(socket.toString(), d.get("socket").getAsString());
      assertTrue(cli.run("doctor").out().contains("\ndaemon     running, pid " + ProcessHandle.current().pid()));
    } finally {
      daemon.stop();
      run.get(10, TimeUnit.SECONDS);
    }
    assertFalse(doctor().getAsJsonObject("daemon").get("running").getAsBoolean());
  }
}
