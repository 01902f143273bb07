package dev.vcr.lsp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.vcr.lsp.testing.Fixtures;
import dev.vcr.lsp.testing.RawWire;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code vcr lsp --stdio --no-daemon} process, fed bytes over its stdin pipe: a malformed or deeply
 * nested body, or a frame with a wrong or missing Content-Length, costs at most one error reply, and the
 * request after it is answered (issue 13: the next message used to be lost past about 8 KB).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StdioFramingTest {
  // Each test starts its own process; subclasses change how it serves.
  static final long WAIT = 60;

  @TempDir Path tmp;
  Process process;
  RawWire wire;
  Path stderr;

  @BeforeEach
  void start() throws Exception {
    Path ws = Fixtures.copy("java", Files.createDirectories(tmp.resolve("ws")));
    stderr = tmp.resolve("vcr.err");
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xss4m",
        "-cp", System.getProperty("java.class.path"), "dev.vcr.lsp.Main", "lsp", "--stdio",
        "--index-dir", tmp.resolve("index").toString()));
    cmd.addAll(modeArgs());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile()).directory(tmp.toFile());
    pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    pb.environment().put("XDG_RUNTIME_DIR", tmp.toString());
    process = pb.start();
    wire = new RawWire(process.getInputStream(), process.getOutputStream());
    wire.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"rootUri\":\""
        + ws.toUri() + "\",\"capabilities\":{}}}");
    JsonObject init = wire.awaitResponse("1", WAIT);
    assertTrue(init.has("result"), init.toString());
    wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
    assertCartFound("\"warm-up\"");
  }

  /** In-process server ({@code --no-daemon}); {@link DaemonFramingTest} goes through the daemon instead. */
  List<String> modeArgs() {
    return List.of("--no-daemon");
  }

  @AfterEach
  void stop() throws Exception {
    try {
      wire.send("{\"jsonrpc\":\"2.0\",\"id\":\"bye\",\"method\":\"shutdown\"}");
      wire.awaitResponse("\"bye\"", WAIT);
      wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "vcr exits after exit; stderr:\n" + err());
      assertEquals(0, process.exitValue(), err());
      assertFalse(err().contains("Missing header"), err());
    } finally {
      process.destroyForcibly();
      afterProcess();
    }
  }

  /** Cleans up what the process left running (nothing in-process). */
  void afterProcess() {}

  @Test
  void aMalformedBodyOver8KbCostsOneReplyNotTheNextRequest() throws Exception {
    // The syntax error is early; the rest of the 20 KB body is what LSP4J used to leave in the stream.
    String pad = "x".repeat(20_000);
    wire.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"workspace/symbol\",\"params\":{\"query\":\"a\",,\"pad\":\""
        + pad + "\"}}");
    assertCartFound("3");
    JsonObject bad = errorReply("2");
    assertEquals(-32700, bad.getAsJsonObject("error").get("code").getAsInt(), bad.toString());
    // A 9 KB one, with a bad token in the middle.
    wire.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"workspace/symbol\",\"params\":{\"query\":\"a\",\"pad\":\""
        + "y".repeat(4_500) + "\" ] \"" + "z".repeat(4_500) + "\"}}");
    assertCartFound("5");
    assertEquals(-32700, errorReply("4").getAsJsonObject("error").get("code").getAsInt());
  }

  @Test
  void deeplyNestedBodiesCostOneReplyNotTheNextRequest() throws Exception {
    // Valid JSON nested 300 deep in a field the method does not read: a normal answer.
    String deep300 = "[".repeat(300) + "]".repeat(300);
    wire.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"workspace/symbol\",\"params\":{\"query\":\"Cart\",\"deep\":"
        + deep300 + "}}");
    JsonObject normal = wire.awaitResponse("9", WAIT);
    assertTrue(normal.has("result") && normal.get("result").toString().contains("\"name\":\"Cart\""), normal.toString());
    // Valid JSON, 20 KB, nested 10,000 deep in a field the method does not read: not a parse error.
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    wire.send("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"workspace/symbol\",\"params\":{\"query\":\"Cart\",\"deep\":"
        + deep + "}}");
    assertCartFound("11");
    JsonObject answer = wire.awaitResponse("10", WAIT);
    assertTrue(answer.has("error"), answer.toString());
    assertEquals(-32602, answer.getAsJsonObject("error").get("code").getAsInt(), answer.toString());
    // Not JSON: 20 KB of opening brackets. One ParseError (id unknown: null), then business as usual.
    wire.send("[".repeat(20_000));
    assertCartFound("12");
    JsonObject parse = wire.awaitMatching(m -> m.has("id") && m.get("id").isJsonNull(), "a reply with id null", WAIT);
    assertEquals(-32700, parse.getAsJsonObject("error").get("code").getAsInt(), parse.toString());
  }

  @Test
  void wrongOrMissingContentLengthLosesAtMostThatMessage() throws Exception {
    // No Content-Length at all: the body runs into the next header, which is still found.
    byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"workspace/symbol\",\"params\":{\"query\":\"Cart\"}}"
        .getBytes(StandardCharsets.UTF_8);
    wire.sendBytes("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        body);
    assertCartFound("21");
    // A Content-Length shorter than the body: the truncated body is a parse error, its tail is skipped.
    byte[] longer = ("{\"jsonrpc\":\"2.0\",\"id\":22,\"method\":\"workspace/symbol\",\"params\":{\"query\":\"Cart\","
        + "\"pad\":\"" + "p".repeat(12_000) + "\"}}").getBytes(StandardCharsets.UTF_8);
    wire.sendBytes(("Content-Length: " + (longer.length - 9_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), longer);
    assertCartFound("23");
    assertEquals(-32700, errorReply("22").getAsJsonObject("error").get("code").getAsInt());
  }

  /** Sends workspace/symbol "Cart" with this id and asserts the answer finds class Cart. */
  private void assertCartFound(String id) throws Exception {
    wire.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"workspace/symbol\",\"params\":{\"query\":\"Cart\"}}");
    JsonObject r = wire.awaitResponse(id, WAIT);
    assertTrue(r.has("result") && r.get("result").isJsonArray(), r + "\nstderr:\n" + err());
    assertTrue(r.getAsJsonArray("result").toString().contains("\"name\":\"Cart\""), r.toString());
  }

  /** The error reply to request {@code id}, or else the one with id null. */
  private JsonObject errorReply(String id) throws Exception {
    return wire.awaitMatching(m -> m.has("error") && m.has("id")
        && (m.get("id").isJsonNull() || m.get("id").toString().equals(id)), "an error reply for " + id, WAIT);
  }

  private String err() {
    try {
      return Files.readString(stderr);
    } catch (java.io.IOException e) {
      return "(no stderr: " + e + ")";
    }
  }
}
