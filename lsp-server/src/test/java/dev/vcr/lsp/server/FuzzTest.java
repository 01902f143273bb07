package dev.vcr.lsp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.vcr.lsp.testing.Fixtures;
import dev.vcr.lsp.testing.RawWire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's fuzz test: a seeded generator sends hostile traffic to a real {@code vcr lsp --stdio --no-daemon}
 * process: malformed JSON, wrong or missing Content-Length, wrongly typed fields (nested too, such as
 * {@code item.kind: 1.5}), missing params, huge and negative positions, unknown and unimplemented methods,
 * foreign URIs, edits to unopened documents, version regressions, deep nesting, 1 MB strings, duplicate
 * ids, cancellations and stray responses. It checks that every request whose id the server can read gets a
 * response (as many as were sent with that id), that the process stays up, and that after the fuzzing (and
 * closing what it opened) a set of navigation requests answers exactly as before it.
 *
 * <p>{@code -Dvcr.fuzz.messages=N} (default 10,000), {@code -Dvcr.fuzz.seed=S} (default 13),
 * {@code -Dvcr.fuzz.rounds=R} (default 1: R campaigns with seeds S, S+1, ...; each in its own process).
 * Figures go to stdout as one line per round ({@code fuzz: ...}).
 */
@Timeout(value = 3, unit = TimeUnit.HOURS)
class FuzzTest {
  private static final long WAIT = 120;
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
  /** Standard requests Vcr does not implement (they must answer MethodNotFound). */
  private static final List<String> UNIMPLEMENTED = List.of("textDocument/completion", "textDocument/hover",
      "textDocument/codeAction", "textDocument/rename", "textDocument/formatting", "textDocument/semanticTokens/full",
      "textDocument/typeDefinition", "workspace/executeCommand", "workspace/willRenameFiles",
      "textDocument/signatureHelp", "textDocument/implementation", "completionItem/resolve",
      "textDocument/documentHighlight", "textDocument/foldingRange", "textDocument/inlayHint");

  /**
   * The session's parse budget: 1 MB documents of junk can take tens of seconds to parse (this test found
   * it); past the budget they are answered from the index. The default (5 s) would make the run minutes
   * long, so the suite's run uses 1 s.
   */
  private static final long PARSE_BUDGET_MILLIS = Long.getLong("vcr.fuzz.parseBudgetMillis", 1_000L);

  @TempDir Path tmp;

  @Test
  void hostileTrafficIsAnsweredAndChangesNothing() throws Exception {
    int messages = Integer.getInteger("vcr.fuzz.messages", 10_000);
    long seed = Long.getLong("vcr.fuzz.seed", 13L);
    int rounds = Integer.getInteger("vcr.fuzz.rounds", 1);
    for (int r = 0; r < rounds; r++) {
      Path dir = Files.createDirectories(tmp.resolve("round-" + r));
      Stats s = campaign(dir, seed + r, messages);
      System.out.println("fuzz: " + s);
    }
  }

  /** Counts of one campaign. */
  static final class Stats {
    long seed;
    int sent;
    int mustAnswer;
    int answered;
    int responses;
    long bytes;
    long millis;
    final Map<String, Integer> byKind = new TreeMap<>();

    @Override
    public String toString() {
      return "seed " + seed + ", " + sent + " messages (" + bytes / 1024 + " KiB), " + mustAnswer
          + " requests with a readable id, all answered (" + responses + " responses in all), " + millis + " ms; "
          + byKind;
    }
  }

  private Stats campaign(Path dir, long seed, int messages) throws Exception {
    Path ws = Fixtures.copy("java", Files.createDirectories(dir.resolve("ws")));
    // Kept after the run (target/), since a failure is read from the server's log.
    Path stderr = Files.createDirectories(Path.of("target", "fuzz")).resolve("seed-" + seed + ".err").toAbsolutePath();
    List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xss4m", "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), "dev.vcr.lsp.Main", "lsp", "--stdio", "--no-daemon",
        "--index-dir", dir.resolve("index").toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile()).directory(dir.toFile());
    pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    pb.environment().put("XDG_RUNTIME_DIR", dir.toString());
    Process process = pb.start();
    Stats stats = new Stats();
    stats.seed = seed;
    try (RawWire wire = new RawWire(process.getInputStream(), process.getOutputStream())) {
      wire.send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"processId\":null,"
          + "\"rootUri\":\"" + ws.toUri() + "\",\"initializationOptions\":{\"parseBudgetMillis\":" + PARSE_BUDGET_MILLIS
          + "},\"capabilities\":{\"textDocument\":{\"documentSymbol\":"
          + "{\"hierarchicalDocumentSymbolSupport\":true}}}}}");
      JsonObject init = wire.awaitResponse("\"init\"", WAIT);
      assertTrue(init.has("result"), init.toString());
      wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
      Map<String, String> before = navigation(wire, ws, "before");
      for (String answer : before.values()) {
        assertTrue(!answer.equals("null") && !answer.equals("[]"), "a navigation answer before fuzzing: " + before);
      }

      wire.keepMessages(false);
      Generator g = new Generator(new Random(seed), ws);
      Map<String, Integer> expected = new LinkedHashMap<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        Msg m = g.next(i);
        wire.sendBytes(m.bytes);
        stats.sent++;
        stats.bytes += m.bytes.length;
        stats.byKind.merge(m.kind, 1, Integer::sum);
        if (m.mustAnswerId != null) {
          expected.merge(m.mustAnswerId, 1, Integer::sum);
          stats.mustAnswer++;
        }
        if (i % 250 == 249) {
          // Keep the pipe and the server's queues bounded, and find a lost request near where it was lost.
          await(wire, expected, process, stderr, i);
        }
      }
      await(wire, expected, process, stderr, messages);
      stats.millis = (System.nanoTime() - t0) / 1_000_000;
      stats.answered = expected.size();
      assertTrue(process.isAlive(), "the process is up after fuzzing; stderr:\n" + tail(stderr));

      // Close what the fuzzing opened, then ask again.
      for (String uri : g.opened) {
        wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didClose\",\"params\":{\"textDocument\":{\"uri\":"
            + GSON.toJson(uri) + "}}}");
      }
      wire.keepMessages(true);
      Map<String, String> after = navigation(wire, ws, "after");
      assertEquals(before, after, "navigation answers the same after fuzzing");
      stats.responses = wire.responseCount();

      wire.send("{\"jsonrpc\":\"2.0\",\"id\":\"bye\",\"method\":\"shutdown\"}");
      wire.awaitResponse("\"bye\"", WAIT);
      wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "vcr exits after exit; stderr:\n" + tail(stderr));
      assertEquals(0, process.exitValue(), tail(stderr));
    } finally {
      process.destroyForcibly();
    }
    return stats;
  }

  private static void await(RawWire wire, Map<String, Integer> expected, Process p, Path stderr, int at)
      throws Exception {
    try {
      wire.awaitResponseCounts(expected, WAIT);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("after message " + at + ": " + e.getMessage() + "; process alive: " + p.isAlive()
          + "; stderr:\n" + tail(stderr), e);
    }
  }

  /** The navigation requests compared before and after: their results as JSON text, by name. */
  private static Map<String, String> navigation(RawWire wire, Path ws, String tag) throws Exception {
    String cart = ws.resolve("src/shop/Cart.java").toUri().toString();
    String checkout = ws.resolve("src/shop/Checkout.java").toUri().toString();
    String item = ws.resolve("src/shop/Item.java").toUri().toString();
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("definition", "\"textDocument/definition\",\"params\":{\"textDocument\":{\"uri\":\"" + checkout
        + "\"},\"position\":{\"line\":4,\"character\":22}}");
    requests.put("references", "\"textDocument/references\",\"params\":{\"textDocument\":{\"uri\":\"" + item
        + "\"},\"position\":{\"line\":2,\"character\":14},\"context\":{\"includeDeclaration\":true}}");
    requests.put("workspaceSymbol", "\"workspace/symbol\",\"params\":{\"query\":\"Cart\"}");
    requests.put("documentSymbol", "\"textDocument/documentSymbol\",\"params\":{\"textDocument\":{\"uri\":\"" + cart
        + "\"}}");
    requests.put("prepareCallHierarchy", "\"textDocument/prepareCallHierarchy\",\"params\":{\"textDocument\":{\"uri\":\""
        + checkout + "\"},\"position\":{\"line\":3,\"character\":21}}");
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : requests.entrySet()) {
      String id = "\"nav-" + tag + "-" + e.getKey() + "\"";
      wire.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":" + e.getValue() + "}");
      JsonObject r = wire.awaitResponse(id, WAIT);
      assertTrue(r.has("result"), e.getKey() + ": " + r);
      out.put(e.getKey(), r.get("result").toString());
    }
    JsonArray items = JsonParser(out.get("prepareCallHierarchy"));
    String id = "\"nav-" + tag + "-incoming\"";
    wire.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"callHierarchy/incomingCalls\",\"params\":{\"item\":"
        + items.get(0) + "}}");
    JsonObject r = wire.awaitResponse(id, WAIT);
    assertTrue(r.has("result"), "incoming: " + r);
    out.put("incomingCalls", r.get("result").toString());
    return out;
  }

  private static JsonArray JsonParser(String s) {
    return com.google.gson.JsonParser.parseString(s).getAsJsonArray();
  }

  private static String tail(Path stderr) {
    try {
      String s = Files.readString(stderr);
      return s.length() > 6_000 ? "…" + s.substring(s.length() - 6_000) : s;
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  /** One message on the wire: its bytes, its kind, and the id whose response it must get (JSON text), if any. */
  record Msg(byte[] bytes, String kind, String mustAnswerId) {}

  /** The seeded generator. */
  static final class Generator {
    private final Random rnd;
    private final List<String> realUris = new ArrayList<>();
    private final List<String> fuzzUris = new ArrayList<>();
    private final List<String> foreignUris;
    /** URIs the generator opened (closed at the end). */
    final Set<String> opened = new LinkedHashSet<>();
    private final Map<String, Integer> versions = new java.util.HashMap<>();
    /** Recent requests that must be answered, for duplicate ids: (id JSON, body). */
    private final List<String[]> recent = new ArrayList<>();
    private int ids;

    Generator(Random rnd, Path ws) {
      this.rnd = rnd;
      for (String f : List.of("Cart", "Checkout", "Item")) {
        realUris.add(ws.resolve("src/shop/" + f + ".java").toUri().toString());
      }
      for (int i = 0; i < 6; i++) {
        fuzzUris.add(ws.resolve("src/fuzz/F" + i + (i % 3 == 0 ? ".py" : i % 3 == 1 ? ".java" : ".ts")).toUri()
            .toString());
      }
      foreignUris = List.of("file:///etc/passwd", "file:///nonexistent/x.java", "http://example.com/a.java",
          "untitled:Untitled-1", "git:/x/y.java?ref=HEAD", "file://host/share/a.java", "not a uri", "",
          "file:///" + "a/".repeat(2_000) + "b.java", "file:" + ws.resolve("..").normalize() + "/outside.java",
          ws.resolve("src/shop/../../../escape.java").toUri().toString(), "file:///%00%ff.java", "jar:file:/x.jar!/A.java");
    }

    Msg next(int i) {
      int k = rnd.nextInt(100);
      if (k < 22) {
        return request("valid", valid(), true);
      } else if (k < 34) {
        JsonObject m = valid();
        mutate(m.get("params"), 1 + rnd.nextInt(2));
        return request("wrongType", m, true);
      } else if (k < 38) {
        return request("missingParams", missingParams(), true);
      } else if (k < 44) {
        return request("methodNotFound", unknownMethod(), true);
      } else if (k < 48) {
        return request("foreignUri", foreign(), true);
      } else if (k < 66) {
        return notification(documentChange());
      } else if (k < 72) {
        return malformed();
      } else if (k < 77) {
        return wrongLength();
      } else if (k < 81) {
        return deep();
      } else if (k < 82 || (k < 83 && rnd.nextBoolean())) {
        return k < 82 ? request("valid", valid(), true) : huge();
      } else if (k < 86 && !recent.isEmpty()) {
        String[] r = recent.get(rnd.nextInt(recent.size()));
        return new Msg(frame(r[1]), "duplicateId", r[0]);
      } else if (k < 91) {
        JsonObject c = new JsonObject();
        c.addProperty("jsonrpc", "2.0");
        c.addProperty("method", "$/cancelRequest");
        JsonObject p = new JsonObject();
        p.add("id", recent.isEmpty() || rnd.nextBoolean() ? new JsonPrimitive(rnd.nextInt(1000))
            : com.google.gson.JsonParser.parseString(recent.get(rnd.nextInt(recent.size()))[0]));
        c.add("params", p);
        return new Msg(frame(GSON.toJson(c)), "cancel", null);
      } else if (k < 94) {
        return stray();
      } else if (k < 96) {
        JsonObject m = envelope("initialize");
        m.add("params", new JsonObject());
        return request("reinitialize", m, true);
      } else {
        return oddEnvelope();
      }
    }

    // ---------------------------------------------------------------------------------- requests

    private JsonObject envelope(String method) {
      JsonObject m = new JsonObject();
      m.addProperty("jsonrpc", "2.0");
      m.addProperty("method", method);
      return m;
    }

    private Msg request(String kind, JsonObject m, boolean must) {
      JsonElement id = rnd.nextBoolean() ? new JsonPrimitive(100_000 + ids++) : new JsonPrimitive("q" + ids++);
      // The id goes first or last: LSP4J parses params after the fact when the method comes after them.
      JsonObject out = new JsonObject();
      if (rnd.nextBoolean()) {
        out.add("id", id);
        m.entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
      } else {
        List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(m.entrySet());
        java.util.Collections.reverse(entries);
        entries.forEach(e -> out.add(e.getKey(), e.getValue()));
        out.add("id", id);
      }
      String body = GSON.toJson(out);
      String idText = id.toString();
      if (must) {
        if (recent.size() < 64) {
          recent.add(new String[] {idText, body});
        } else {
          recent.set(rnd.nextInt(64), new String[] {idText, body});
        }
      }
      return new Msg(frame(body), kind, must ? idText : null);
    }

    private String anyUri() {
      int k = rnd.nextInt(10);
      return k < 5 ? pick(realUris) : k < 8 ? pick(fuzzUris) : pick(foreignUris);
    }

    private JsonObject position() {
      JsonObject p = new JsonObject();
      p.add("line", new JsonPrimitive(number()));
      p.add("character", new JsonPrimitive(number()));
      return p;
    }

    private long number() {
      int k = rnd.nextInt(10);
      return switch (k) {
        case 0 -> -1 - rnd.nextInt(1_000);
        case 1 -> Integer.MAX_VALUE;
        case 2 -> Integer.MIN_VALUE;
        case 3 -> 1_000_000L + rnd.nextInt(1_000_000);
        default -> rnd.nextInt(40);
      };
    }

    private JsonObject textDocument(String uri) {
      JsonObject t = new JsonObject();
      t.addProperty("uri", uri);
      return t;
    }

    private JsonObject range() {
      JsonObject r = new JsonObject();
      r.add("start", position());
      r.add("end", position());
      return r;
    }

    private JsonObject callItem() {
      JsonObject item = new JsonObject();
      item.addProperty("name", pick(List.of("run", "total", "Cart", "price", "", "zzz")));
      item.addProperty("kind", rnd.nextInt(30));
      item.addProperty("uri", anyUri());
      item.add("range", range());
      item.add("selectionRange", range());
      if (rnd.nextBoolean()) {
        item.add("data", rnd.nextBoolean() ? new JsonPrimitive("x") : new JsonObject());
      }
      return item;
    }

    /** A well-formed request of a method Vcr implements, with random documents and positions. */
    private JsonObject valid() {
      String method = pick(List.of("textDocument/definition", "textDocument/references", "textDocument/documentSymbol",
          "workspace/symbol", "textDocument/prepareCallHierarchy", "callHierarchy/incomingCalls",
          "callHierarchy/outgoingCalls", "vcr/stats"));
      JsonObject m = envelope(method);
      JsonObject p = new JsonObject();
      switch (method) {
        case "workspace/symbol" -> p.addProperty("query", pick(List.of("Cart", "", "c", "tot", "Item.price", "x::y",
            "_", "ü", "\u0000", ".", "a.b.c.d.e", "*")));
        case "textDocument/documentSymbol" -> p.add("textDocument", textDocument(anyUri()));
        case "callHierarchy/incomingCalls", "callHierarchy/outgoingCalls" -> p.add("item", callItem());
        case "vcr/stats" -> p = null;
        default -> {
          p.add("textDocument", textDocument(anyUri()));
          p.add("position", position());
          if (method.equals("textDocument/references")) {
            JsonObject c = new JsonObject();
            c.addProperty("includeDeclaration", rnd.nextBoolean());
            p.add("context", c);
          }
        }
      }
      if (p != null) {
        m.add("params", p);
      }
      return m;
    }

    private JsonObject missingParams() {
      JsonObject m = valid();
      switch (rnd.nextInt(4)) {
        case 0 -> m.remove("params");
        case 1 -> m.add("params", JsonNull.INSTANCE);
        case 2 -> m.add("params", new JsonObject());
        default -> {
          JsonElement p = m.get("params");
          if (p != null && p.isJsonObject() && !p.getAsJsonObject().keySet().isEmpty()) {
            String key = pick(new ArrayList<>(p.getAsJsonObject().keySet()));
            p.getAsJsonObject().remove(key);
          }
        }
      }
      return m;
    }

    /** Replaces {@code times} random values somewhere inside {@code e} by values of another type. */
    private void mutate(JsonElement e, int times) {
      if (e == null || !(e.isJsonObject() || e.isJsonArray())) {
        return;
      }
      for (int t = 0; t < times; t++) {
        JsonElement container = e;
        // Walk down a random path, then replace one child.
        for (int depth = 0; depth < 4; depth++) {
          JsonElement child = randomChild(container);
          if (child == null || !(child.isJsonObject() || child.isJsonArray()) || rnd.nextInt(3) == 0) {
            break;
          }
          container = child;
        }
        replaceChild(container, wrongValue());
      }
    }

    private JsonElement randomChild(JsonElement c) {
      if (c.isJsonObject()) {
        List<String> keys = new ArrayList<>(c.getAsJsonObject().keySet());
        return keys.isEmpty() ? null : c.getAsJsonObject().get(pick(keys));
      }
      JsonArray a = c.getAsJsonArray();
      return a.size() == 0 ? null : a.get(rnd.nextInt(a.size()));
    }

    private void replaceChild(JsonElement c, JsonElement value) {
      if (c.isJsonObject()) {
        List<String> keys = new ArrayList<>(c.getAsJsonObject().keySet());
        String key = keys.isEmpty() || rnd.nextInt(8) == 0 ? "extra" + rnd.nextInt(3) : pick(keys);
        c.getAsJsonObject().add(key, value);
      } else if (c.isJsonArray() && c.getAsJsonArray().size() > 0) {
        c.getAsJsonArray().set(rnd.nextInt(c.getAsJsonArray().size()), value);
      }
    }

    private JsonElement wrongValue() {
      return switch (rnd.nextInt(12)) {
        case 0 -> new JsonPrimitive(1.5);
        case 1 -> new JsonPrimitive(-0.0001);
        case 2 -> new JsonPrimitive("here");
        case 3 -> new JsonPrimitive(true);
        case 4 -> JsonNull.INSTANCE;
        case 5 -> new JsonObject();
        case 6 -> new JsonArray();
        case 7 -> new JsonPrimitive(new java.math.BigInteger("123456789012345678901234567890"));
        case 8 -> new JsonPrimitive(1e300);
        case 9 -> new JsonPrimitive("\uD800");
        case 10 -> new JsonPrimitive(-1);
        default -> new JsonPrimitive(Long.MAX_VALUE);
      };
    }

    private JsonObject unknownMethod() {
      String method = switch (rnd.nextInt(4)) {
        case 0, 1 -> pick(UNIMPLEMENTED);
        case 2 -> pick(List.of("foo/bar", "$/unknown", "textDocument/", "", "textDocument/definitionX", "vcr/none",
            "workspace/symbol/extra", "\u00e9\u00e8", "exit/now"));
        default -> "x/" + Long.toHexString(rnd.nextLong());
      };
      JsonObject m = envelope(method);
      JsonObject p = new JsonObject();
      p.add("textDocument", textDocument(anyUri()));
      p.add("position", position());
      if (rnd.nextBoolean()) {
        m.add("params", p);
      }
      return m;
    }

    private JsonObject foreign() {
      JsonObject m = valid();
      JsonElement p = m.get("params");
      if (p != null && p.isJsonObject() && p.getAsJsonObject().has("textDocument")) {
        p.getAsJsonObject().add("textDocument", textDocument(pick(foreignUris)));
      }
      return m;
    }

    /** Bodies of 1 MB: a query, a URI, a name. */
    private Msg huge() {
      String big = "x".repeat(1 << 20);
      if (rnd.nextInt(3) == 0) {
        // A 1 MB document opened (and kept open until the end, in a fuzz-only file).
        String uri = pick(fuzzUris);
        return notification(open(uri, rnd.nextBoolean() ? big : "class F { void m() {} }\n".repeat(1 << 20 >> 5)));
      }
      JsonObject m = envelope(rnd.nextBoolean() ? "workspace/symbol" : "textDocument/documentSymbol");
      JsonObject p = new JsonObject();
      if (m.get("method").getAsString().equals("workspace/symbol")) {
        p.addProperty("query", big);
      } else {
        p.add("textDocument", textDocument("file:///" + big + ".java"));
      }
      m.add("params", p);
      return request("1MB", m, true);
    }

    // ---------------------------------------------------------------------------------- notifications

    private Msg notification(JsonObject m) {
      return new Msg(frame(GSON.toJson(m)), "notification:" + m.get("method").getAsString().replace("textDocument/", ""),
          null);
    }

    private JsonObject open(String uri, String text) {
      JsonObject m = envelope("textDocument/didOpen");
      JsonObject doc = new JsonObject();
      doc.addProperty("uri", uri);
      doc.addProperty("languageId", pick(List.of("java", "python", "typescript", "plaintext", "")));
      int v = rnd.nextInt(5) - 1;
      versions.put(uri, v);
      doc.addProperty("version", v);
      doc.addProperty("text", text);
      JsonObject p = new JsonObject();
      p.add("textDocument", doc);
      m.add("params", p);
      if (!foreignUris.contains(uri)) {
        opened.add(uri);
      }
      return m;
    }

    private JsonObject documentChange() {
      String uri = anyUri();
      int k = rnd.nextInt(10);
      JsonObject m;
      if (k < 2) {
        m = open(uri, randomText());
      } else if (k < 7) {
        m = envelope("textDocument/didChange");
        JsonObject p = new JsonObject();
        JsonObject doc = textDocument(rnd.nextInt(4) == 0 ? pick(fuzzUris) : uri); // often not open
        int v = versions.getOrDefault(uri, 0);
        // Versions go up, or back (regressions), or are absent.
        int nv = rnd.nextInt(4) == 0 ? v - 1 - rnd.nextInt(3) : v + 1;
        versions.put(uri, nv);
        if (rnd.nextInt(10) > 0) {
          doc.addProperty("version", nv);
        }
        p.add("textDocument", doc);
        JsonArray changes = new JsonArray();
        int n = 1 + rnd.nextInt(3);
        for (int c = 0; c < n; c++) {
          JsonObject change = new JsonObject();
          if (rnd.nextInt(5) > 0) {
            change.add("range", range());
          }
          String text = randomText();
          change.addProperty("text", text.substring(0, Math.min(text.length(), rnd.nextInt(60))));
          changes.add(change);
        }
        p.add("contentChanges", changes);
        m.add("params", p);
      } else if (k < 8) {
        m = envelope("textDocument/didClose");
        JsonObject p = new JsonObject();
        p.add("textDocument", textDocument(uri));
        m.add("params", p);
      } else if (k < 9) {
        m = envelope("textDocument/didSave");
        JsonObject p = new JsonObject();
        p.add("textDocument", textDocument(uri));
        m.add("params", p);
      } else {
        m = envelope(pick(List.of("workspace/didChangeWatchedFiles", "workspace/didChangeConfiguration",
            "$/setTrace", "workspace/didChangeWorkspaceFolders", "textDocument/willSave", "initialized")));
        JsonObject p = new JsonObject();
        p.add("changes", new JsonArray());
        m.add("params", p);
      }
      if (rnd.nextInt(4) == 0) {
        mutate(m.get("params"), 1);
      }
      return m;
    }

    private String randomText() {
      return switch (rnd.nextInt(5)) {
        case 0 -> "";
        case 1 -> "package shop;\nclass Cart { int total() { return 1; } }\n";
        case 2 -> "def f(:\n  return \u00e9\uD83D\uDE00\n";
        case 3 -> "class { void ( { ] } \u0000 \r\n\r\n\t";
        default -> "x\n".repeat(rnd.nextInt(200));
      };
    }

    // ---------------------------------------------------------------------------------- framing and JSON

    private Msg malformed() {
      String valid = GSON.toJson(valid());
      String body = switch (rnd.nextInt(6)) {
        case 0 -> valid.substring(0, Math.max(1, rnd.nextInt(valid.length())));
        case 1 -> valid.replaceFirst(",", ",,");
        case 2 -> valid + "}";
        case 3 -> "{\"jsonrpc\":\"2.0\",\"id\":" + rnd.nextInt(100) + ",\"method\":\"workspace/symbol\",\"params\":{\"query\":\"a\" ] "
            + "p".repeat(rnd.nextInt(20_000)) + "}}";
        case 4 -> new String(randomBytes(1 + rnd.nextInt(500)), StandardCharsets.ISO_8859_1);
        default -> "[" + valid + "," + valid + "]"; // a batch: InvalidRequest
      };
      return new Msg(frame(body), "malformed", null);
    }

    private byte[] randomBytes(int n) {
      byte[] b = new byte[n];
      rnd.nextBytes(b);
      return b;
    }

    /** Frames whose Content-Length is wrong, missing or junk; what follows them is intact. */
    private Msg wrongLength() {
      byte[] body = GSON.toJson(valid()).getBytes(StandardCharsets.UTF_8);
      byte[] bytes = switch (rnd.nextInt(5)) {
        case 0 -> concat(("Content-Length: " + (body.length / 2) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
            body); // shorter: the rest is junk before the next header
        case 1 -> concat(("Content-Length: " + (body.length + 37) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
            body, "\r\n".repeat(18).getBytes(StandardCharsets.US_ASCII), "x".getBytes(StandardCharsets.US_ASCII));
        case 2 -> concat("Content-Type: application/vscode-jsonrpc\r\n\r\n".getBytes(StandardCharsets.US_ASCII), body);
        case 3 -> concat(("Content-Length: " + pick(List.of("-5", "abc", "", "1e3", "99999999999999999999"))
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
        default -> concat("X-Junk: 1\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
      };
      return new Msg(bytes, "wrongContentLength", null);
    }

    private Msg deep() {
      int depth = pick(List.of(50, 300, 999, 1500, 5000, 20_000));
      String nest = "[".repeat(depth) + "]".repeat(depth);
      JsonObject m = valid();
      String body = GSON.toJson(m);
      if (rnd.nextBoolean()) {
        // Valid JSON: nested in an extra field.
        String id = "\"d" + ids++ + "\"";
        body = "{\"id\":" + id + "," + body.substring(1, body.length() - 1) + ",\"deep\":" + nest + "}";
        return new Msg(frame(body), "deep", id);
      }
      // Not JSON: only opening brackets.
      return new Msg(frame("[".repeat(depth)), "deepMalformed", null);
    }

    /** Envelopes that are not quite JSON-RPC: bad ids, method of the wrong type, no method and no id. */
    private Msg oddEnvelope() {
      if (rnd.nextInt(3) == 0) {
        // Readable ids with a method or params of the wrong type: still requests, so still answered.
        String id = "\"o" + ids++ + "\"";
        String body = switch (rnd.nextInt(4)) {
          case 0 -> "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":5,\"params\":{}}";
          case 1 -> "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":[\"workspace/symbol\"]}";
          case 2 -> "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"workspace/symbol\",\"params\":\"Cart\"}";
          default -> "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/definition\",\"params\":[1,2],\"id\":" + id + "}";
        };
        return new Msg(frame(body), "oddEnvelope", id);
      }
      String body = switch (rnd.nextInt(6)) {
        case 0 -> "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"workspace/symbol\",\"params\":{\"query\":\"a\"}}";
        case 1 -> "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"workspace/symbol\"}";
        case 2 -> "{\"jsonrpc\":\"2.0\"}";
        case 3 -> "42";
        case 4 -> "null";
        default -> "{\"jsonrpc\":1,\"id\":null,\"method\":\"workspace/symbol\",\"params\":{\"query\":\"a\"}}";
      };
      return new Msg(frame(body), "oddEnvelope", null);
    }

    /** Responses to requests the server never sent. */
    private Msg stray() {
      String body = rnd.nextBoolean() ? "{\"jsonrpc\":\"2.0\",\"id\":" + rnd.nextInt(1_000) + ",\"result\":{\"x\":1}}"
          : "{\"jsonrpc\":\"2.0\",\"id\":\"s" + rnd.nextInt(100) + "\",\"error\":{\"code\":\"bad\",\"message\":5}}";
      return new Msg(frame(body), "strayResponse", null);
    }

    private static byte[] frame(String body) {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      return concat(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), b);
    }

    private static byte[] concat(byte[]... parts) {
      int n = 0;
      for (byte[] p : parts) {
        n += p.length;
      }
      byte[] out = new byte[n];
      int at = 0;
      for (byte[] p : parts) {
        System.arraycopy(p, 0, out, at, p.length);
        at += p.length;
      }
      return out;
    }

    private <T> T pick(List<T> xs) {
      return xs.get(rnd.nextInt(xs.size()));
    }
  }
}
