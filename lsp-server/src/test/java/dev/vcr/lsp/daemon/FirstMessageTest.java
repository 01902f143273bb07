package dev.vcr.lsp.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstMessageTest {
  @TempDir Path tmp;

  static byte[] frame(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(body);
    return b.toByteArray();
  }

  static String initialize(String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":" + params + "}";
  }

  private FirstMessage read(byte[] bytes) throws IOException {
    return FirstMessage.read(new ByteArrayInputStream(bytes));
  }

  @Test
  void workspaceFoldersWinAndTheRestOfTheStreamIsUntouched() throws IOException {
    Path a = Files.createDirectory(tmp.resolve("a"));
    Path b = Files.createDirectory(tmp.resolve("b é"));
    byte[] first = frame(initialize("{\"processId\":1,\"rootUri\":\"" + tmp.toUri() + "\",\"workspaceFolders\":["
        + "{\"uri\":\"" + a.toUri() + "\",\"name\":\"a\"},{\"uri\":\"" + b.toUri() + "\",\"name\":\"b\"}],"
        + "\"capabilities\":{}}"));
    byte[] second = frame("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(first);
    all.writeBytes(second);
    ByteArrayInputStream in = new ByteArrayInputStream(all.toByteArray());
    FirstMessage m = FirstMessage.read(in);
    assertArrayEquals(first, m.raw());
    assertEquals("initialize", m.method());
    assertTrue(m.isRequest());
    assertEquals(List.of(a, b), m.roots());
    assertArrayEquals(second, in.readAllBytes());
  }

  @Test
  void foldersAreInTheSessionsOrderSoTheSameFoldersFindTheSameDaemon() throws IOException {
    Path a = Files.createDirectory(tmp.resolve("a"));
    Path b = Files.createDirectory(tmp.resolve("b"));
    FirstMessage m = read(frame(initialize("{\"workspaceFolders\":[{\"uri\":\"" + b.toUri() + "\",\"name\":\"b\"},"
        + "{\"uri\":\"" + a.toUri() + "\",\"name\":\"a\"},{\"uri\":\"" + b.toUri() + "\",\"name\":\"b\"}]}")));
    assertEquals(List.of(a, b), m.roots());
    org.eclipse.lsp4j.InitializeParams p = new org.eclipse.lsp4j.InitializeParams();
    p.setWorkspaceFolders(List.of(new org.eclipse.lsp4j.WorkspaceFolder(b.toUri().toString(), "b"),
        new org.eclipse.lsp4j.WorkspaceFolder(a.toUri().toString(), "a")));
    assertEquals(m.roots(), dev.vcr.lsp.protocol.FromLsp.roots(p, new java.util.ArrayList<>()));
  }

  @Test
  void rootUriWhenNoFolders() throws IOException {
    FirstMessage m = read(frame(initialize("{\"rootUri\":\"" + tmp.toUri() + "\",\"workspaceFolders\":null}")));
    assertEquals(List.of(tmp), m.roots());
  }

  @Test
  void rootPathWhenNoUri() throws IOException {
    FirstMessage m = read(frame(initialize("{\"rootUri\":null,\"rootPath\":\"" + tmp + "\"}")));
    assertEquals(List.of(tmp), m.roots());
  }

  @Test
  void noRootsWhenNoneUsable() throws IOException {
    assertEquals(List.of(), read(frame(initialize("{\"capabilities\":{}}"))).roots());
    assertEquals(List.of(), read(frame(initialize("{\"rootUri\":\"https://example.com/x\"}"))).roots());
    assertEquals(List.of(), read(frame(initialize("{\"rootUri\":\"" + tmp.resolve("missing").toUri() + "\"}"))).roots());
    FirstMessage other = read(frame("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"));
    assertEquals(List.of(), other.roots());
    assertFalse(other.isRequest());
  }

  @Test
  void headersAreCaseInsensitiveAndExtraHeadersKept() throws IOException {
    String json = initialize("{\"rootPath\":\"" + tmp + "\"}");
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] raw = ("content-length: " + body.length + "\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
        + json).getBytes(StandardCharsets.UTF_8);
    FirstMessage m = read(raw);
    assertArrayEquals(raw, m.raw());
    assertEquals(List.of(tmp), m.roots());
  }

  @Test
  void nonJsonBodyIsKeptButHasNoRoots() throws IOException {
    FirstMessage m = read(frame("not json"));
    assertNull(m.body());
    assertEquals(List.of(), m.roots());
  }

  @Test
  void endOfStreamAndBrokenFraming() {
    assertDoesNotThrowNull();
    assertThrows(IOException.class, () -> read("Content-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII)));
    assertThrows(IOException.class, () -> read("Content-Length: 10\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThrows(IOException.class, () -> read("X-Foo: 1\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII)));
    assertThrows(IOException.class, () -> read("Content-Length: ten\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThrows(IOException.class, () -> read("Content-Length: 999999999999\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
  }

  private void assertDoesNotThrowNull() {
    try {
      assertNull(read(new byte[0]));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
