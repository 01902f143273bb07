package dev.vcr.lsp.daemon;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The first LSP message read from the editor, kept byte for byte so it can be forwarded unchanged, and
 * parsed just enough to find the workspace roots of an {@code initialize} request.
 */
public final class FirstMessage {
  /** Refuse absurd headers rather than buffer them. */
  static final int MAX_BODY_BYTES = 64 << 20;
  static final int MAX_HEADER_BYTES = 8 << 10;

  private final byte[] raw;
  private final JsonObject body;

  private FirstMessage(byte[] raw, JsonObject body) {
    this.raw = raw;
    this.body = body;
  }

  /** Everything read from the stream: the header block and the body, exactly as received. */
  public byte[] raw() {
    return raw.clone();
  }

  /** The parsed body, or null if it was not a JSON object. */
  public JsonObject body() {
    return body;
  }

  public String method() {
    JsonElement m = body == null ? null : body.get("method");
    return m != null && m.isJsonPrimitive() ? m.getAsString() : null;
  }

  /** True for a request (it has an id), which the server will answer. */
  public boolean isRequest() {
    return body != null && body.has("id") && body.has("method");
  }

  /**
   * Reads one message with Content-Length framing. Returns null if the stream ends before any byte;
   * throws {@link IOException} on a malformed header or a truncated body.
   */
  public static FirstMessage read(InputStream in) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    long contentLength = -1;
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (header.size() == 0) {
          return null;
        }
        throw new EOFException("stream ended inside the LSP header");
      }
      header.write(c);
      if (header.size() > MAX_HEADER_BYTES) {
        throw new IOException("LSP header longer than " + MAX_HEADER_BYTES + " bytes");
      }
      if (c == '\n') {
        String l = line.toString();
        if (l.endsWith("\r")) {
          l = l.substring(0, l.length() - 1);
        }
        line.setLength(0);
        if (l.isEmpty()) {
          break;
        }
        int colon = l.indexOf(':');
        if (colon > 0 && l.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
          try {
            contentLength = Long.parseLong(l.substring(colon + 1).trim());
          } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length header: " + l);
          }
        }
      } else {
        line.append((char) c);
      }
    }
    if (contentLength < 0) {
      throw new IOException("LSP message without a Content-Length header");
    }
    if (contentLength > MAX_BODY_BYTES) {
      throw new IOException("LSP message of " + contentLength + " bytes is too large");
    }
    // A plain read loop: JDK 17's FileInputStream.readNBytes seeks, which fails on a pipe ("Illegal seek").
    byte[] bodyBytes = new byte[(int) contentLength];
    for (int off = 0; off < bodyBytes.length; ) {
      int n = in.read(bodyBytes, off, bodyBytes.length - off);
      if (n < 0) {
        throw new EOFException("stream ended inside an LSP message body");
      }
      off += n;
    }
    header.write(bodyBytes);
    JsonObject body = null;
    try {
      JsonElement e = JsonParser.parseString(new String(bodyBytes, StandardCharsets.UTF_8));
      if (e.isJsonObject()) {
        body = e.getAsJsonObject();
      }
    } catch (RuntimeException e) {
      // not JSON: forwarded as is, the server reports the parse error
    }
    return new FirstMessage(header.toByteArray(), body);
  }

  /**
   * The workspace roots named by an {@code initialize} request: its {@code workspaceFolders}, else
   * {@code rootUri}, else {@code rootPath}, in the order the session uses ({@code FromLsp.ordered}). Only
   * existing local folders count; empty if there are none (or this is not an initialize request).
   */
  public List<Path> roots() {
    List<Path> out = new ArrayList<>();
    if (body == null || !"initialize".equals(method())) {
      return out;
    }
    JsonElement p = body.get("params");
    if (p == null || !p.isJsonObject()) {
      return out;
    }
    JsonObject params = p.getAsJsonObject();
    Set<Path> seen = new LinkedHashSet<>();
    JsonElement folders = params.get("workspaceFolders");
    if (folders != null && folders.isJsonArray()) {
      for (JsonElement f : (JsonArray) folders) {
        if (f.isJsonObject()) {
          addUri(seen, string(f.getAsJsonObject().get("uri")));
        }
      }
    }
    if (seen.isEmpty()) {
      addUri(seen, string(params.get("rootUri")));
    }
    if (seen.isEmpty()) {
      addPath(seen, string(params.get("rootPath")));
    }
    out.addAll(dev.vcr.lsp.protocol.FromLsp.ordered(seen));
    return out;
  }

  private static String string(JsonElement e) {
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static void addUri(Set<Path> out, String uri) {
    if (uri == null || uri.isBlank()) {
      return;
    }
    try {
      URI u = URI.create(uri);
      if (!"file".equalsIgnoreCase(u.getScheme())) {
        return;
      }
      addDir(out, Path.of(u));
    } catch (RuntimeException e) {
      // not a usable file URI
    }
  }

  private static void addPath(Set<Path> out, String path) {
    if (path == null || path.isBlank()) {
      return;
    }
    try {
      addDir(out, Path.of(path));
    } catch (RuntimeException e) {
      // not a usable path
    }
  }

  private static void addDir(Set<Path> out, Path p) {
    if (p.isAbsolute() && Files.isDirectory(p)) {
      out.add(p.normalize());
    }
  }
}
