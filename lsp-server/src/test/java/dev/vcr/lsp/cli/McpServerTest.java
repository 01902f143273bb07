package dev.vcr.lsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vcr mcp} as a real process, driven by the MCP Java SDK's own client: list the tools, call each. */
class McpServerTest {
  @TempDir Path tmp;

  private static McpSyncClient client(Path ws, Path indexDir, Path xdgRuntime) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ServerParameters params = ServerParameters.builder(java)
        .args("-cp", System.getProperty("java.class.path"), "dev.vcr.lsp.Main", "mcp", "--root", ws.toString(),
            "--index-dir", indexDir.toString())
        .addEnvVar("XDG_RUNTIME_DIR", xdgRuntime.toString())
        .build();
    JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new tools.jackson.databind.json.JsonMapper());
    return McpClient.sync(new StdioClientTransport(params, mapper))
        .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
  }

  private static JsonObject call(McpSyncClient client, String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
    String text = ((McpSchema.TextContent) r.content().get(0)).text();
    assertFalse(Boolean.TRUE.equals(r.isError()), tool + ": " + text);
    return JsonParser.parseString(text).getAsJsonObject();
  }

  /**
   * With the workspace's daemon holding the index (as for an editor session), the MCP server's answers come
   * from that daemon's index: an edit on disk after the daemon opened the index shows up in them.
   */
  @Test
  void throughTheDaemonThatHoldsTheIndex() throws Exception {
    Path real = tmp.toRealPath();
    Path ws = real.resolve("ws");
    CliRun.write(ws.resolve("p/A.java"), "package p;\n\nclass A {\n  static int a() {\n    return B.b();\n  }\n}\n");
    CliRun.write(ws.resolve("p/B.java"), "package p;\n\nclass B {\n  static int b() {\n    return 1;\n  }\n}\n");
    Path cache = real.resolve("cache");
    Path xdg = java.nio.file.Files.createDirectories(real.resolve("xdg"));
    Path runtime = java.nio.file.Files.createDirectories(xdg.resolve("vcr"));
    java.nio.file.Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    dev.vcr.lsp.server.VcrServer server = new dev.vcr.lsp.server.VcrServer(
        new dev.vcr.lsp.server.ServerOptions(cache, 1, dev.vcr.lsp.server.ServerOptions.defaults().maxFileBytes()));
    dev.vcr.lsp.daemon.RuntimeDir.DaemonFiles files = dev.vcr.lsp.daemon.RuntimeDir.open(runtime)
        .files(dev.vcr.kernel.ingest.Workspace.of(ws).indexName());
    dev.vcr.lsp.daemon.Daemon daemon = new dev.vcr.lsp.daemon.Daemon(files, List.of(ws), 0,
        () -> ServerCommands.ServerSettings.host(server));
    java.util.concurrent.CompletableFuture<?> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return daemon.run();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<Void> hold = java.util.concurrent.CompletableFuture.runAsync(() -> {
      try {
        server.withIndex(List.of(ws), index -> {
          held.countDown();
          release.await();
          return null;
        });
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    McpSyncClient client = null;
    try {
      assertTrue(held.await(60, java.util.concurrent.TimeUnit.SECONDS), "the daemon's server opened the index");
      for (int i = 0; i < 200 && !java.nio.file.Files.exists(files.socket()); i++) {
        Thread.sleep(25);
      }
      Path indexDir = cache.resolve(dev.vcr.kernel.ingest.Workspace.of(ws).indexName());
      // The MCP server cannot open this index itself, so its answers (not errors) come from the daemon.
      org.junit.jupiter.api.Assertions.assertThrows(dev.vcr.kernel.index.IndexLockedException.class,
          () -> dev.vcr.kernel.index.SymbolStore.open(indexDir).close());
      client = client(ws, indexDir, xdg);
      client.initialize();
      assertEquals(1, call(client, "impact", Map.of("symbol", "p.B.b")).get("total").getAsInt());
      // A new caller, written after the daemon opened the index: the daemon brings it up to date and answers.
      CliRun.write(ws.resolve("p/C.java"), "package p;\n\nclass C {\n  static int c() {\n    return B.b();\n  }\n}\n");
      assertEquals(2, call(client, "impact", Map.of("symbol", "p.B.b")).get("total").getAsInt());
      assertEquals(2, call(client, "callers", Map.of("name", "b")).get("total").getAsInt());
    } finally {
      if (client != null) {
        client.closeGracefully();
      }
      release.countDown();
      hold.get(10, java.util.concurrent.TimeUnit.SECONDS);
      daemon.stop();
      run.get(10, java.util.concurrent.TimeUnit.SECONDS);
      server.close();
    }
  }

  @Test
  void theSdkClientListsAndCallsEveryTool() throws Exception {
    Path ws = tmp.resolve("ws");
    CliRun.write(ws.resolve("p/A.java"), "package p;\n\nclass A {\n  static int a() {\n    return B.b() + C.c();\n  }\n}\n");
    CliRun.write(ws.resolve("p/B.java"), "package p;\n\nclass B {\n  static int b() {\n    return C.c();\n  }\n}\n");
    CliRun.write(ws.resolve("p/C.java"), "package p;\n\nclass C {\n  static int c() {\n    return A.a();\n  }\n}\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ServerParameters params = ServerParameters.builder(java)
        .args("-cp", System.getProperty("java.class.path"), "dev.vcr.lsp.Main", "mcp", "--root", ws.toString(),
            "--index-dir", tmp.resolve("index").toString())
        .addEnvVar("XDG_RUNTIME_DIR", tmp.resolve("run").toString())
        .build();
    JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new tools.jackson.databind.json.JsonMapper());
    McpSyncClient client = McpClient.sync(new StdioClientTransport(params, mapper))
        .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
    try {
      McpSchema.InitializeResult init = client.initialize();
      assertEquals("vcr", init.serverInfo().name());
      List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      assertEquals(McpTools.names(), tools);

      Map<String, Map<String, Object>> calls = new LinkedHashMap<>();
      calls.put("symbols", Map.of("query", "b"));
      calls.put("definition", Map.of("name", "b"));
      calls.put("references", Map.of("name", "c"));
      calls.put("callers", Map.of("name", "c"));
      calls.put("callees", Map.of("name", "a"));
      calls.put("impact", Map.of("symbol", "p.C.c", "depth", 5));
      calls.put("paths", Map.of("from", "p.A.a", "to", "p.C.c"));
      calls.put("cycles", Map.of("graph", "calls"));
      calls.put("hotspots", Map.of("limit", 2, "git", true));
      calls.put("context", Map.of("symbol", "p.B.b", "budget", 200));
      Map<String, JsonObject> answers = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, Object>> e : calls.entrySet()) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(e.getKey(), e.getValue()));
        String text = ((McpSchema.TextContent) r.content().get(0)).text();
        assertFalse(Boolean.TRUE.equals(r.isError()), e.getKey() + ": " + text);
        answers.put(e.getKey(), JsonParser.parseString(text).getAsJsonObject());
      }
      assertEquals("p/B.java:4:14", answers.get("definition").getAsJsonArray("results").get(0).getAsJsonObject()
          .get("location").getAsString());
      assertEquals(2, answers.get("references").get("total").getAsInt(), answers.get("references").toString());
      assertEquals(2, answers.get("impact").get("total").getAsInt(), "b and a; the cycle ends the walk");
      // a calls c directly, and through b.
      assertEquals(2, answers.get("paths").getAsJsonArray("paths").size());
      assertEquals(1, answers.get("paths").getAsJsonArray("paths").get(0).getAsJsonObject().get("length").getAsInt());
      assertEquals(3, answers.get("cycles").getAsJsonArray("cycles").get(0).getAsJsonObject().get("size").getAsInt());
      assertTrue(answers.get("context").getAsJsonObject("budget").get("used").getAsInt() <= 200);
      assertTrue(answers.get("hotspots").get("weighting").getAsString().contains("not in a git repository"),
          answers.get("hotspots").toString());

      McpSchema.CallToolResult missing = client.callTool(new McpSchema.CallToolRequest("references", Map.of("name", "x", "limit", 1)));
      assertEquals(0, JsonParser.parseString(((McpSchema.TextContent) missing.content().get(0)).text())
          .getAsJsonObject().get("total").getAsInt());
    } finally {
      client.closeGracefully();
    }
  }
}
