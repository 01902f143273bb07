package dev.vcr.lsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vcr.kernel.index.SymbolStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process on a small two-language fixture, each test with its own index directory. */
class CliTest {
  @TempDir Path tmp;
  Path ws;
  Path idx;

  /** What one run printed, and its exit code. */
  record Result(int code, String out, String err) {
    JsonElement json() {
      return JsonParser.parseString(out);
    }
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new Cli(o, e).run(args);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void fixture() throws IOException {
    ws = tmp.resolve("ws");
    idx = tmp.resolve("idx");
    write("app/Greeter.java", String.join("\n",
        "package app;",
        "",
        "public class Greeter {",
        "  public String greet(String name) {",
        "    return format(name);",
        "  }",
        "",
        "  static String format(String s) {",
        "    return \"Hello \" + s;",
        "  }",
        "}",
        ""));
    write("app/Main.java", String.join("\n",
        "package app;",
        "",
        "public class Main {",
        "  public static void main(String[] args) {",
        "    Greeter g = new Greeter();",
        "    g.greet(\"x\");",
        "    run(g);",
        "  }",
        "",
        "  static void run(Greeter g) {",
        "    g.greet(\"y\");",
        "  }",
        "}",
        ""));
    write("tools/util.py", String.join("\n",
        "def helper(x):",
        "    return x * 2",
        "",
        "",
        "def caller():",
        "    return helper(3)",
        ""));
    write("notes.txt", "not source\n");
  }

  private void write(String rel, String text) throws IOException {
    Path f = ws.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  private String[] query(String command, String name) {
    return new String[] {command, name, "--root", ws.toString(), "--index-dir", idx.toString(), "--json"};
  }

  private static List<String> strings(JsonArray a, String field) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : a) {
      out.add(e.getAsJsonObject().get(field).getAsString());
    }
    return out;
  }

  @Test
  void aLargeFirstIndexIsBuiltByAChildProcessAndIsTheSameIndex() throws IOException {
    CliRun.write(ws.resolve("app/Broken.java"), "package app;\nclass Broken { void f( { }\n");
    JsonObject here = run("index", ws.toString(), "--index-dir", idx.toString(), "--json").json().getAsJsonObject();
    assertTrue(here.get("warnings").getAsJsonArray().size() > 0, here.toString());
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(IndexCommands.class.getName());
    List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler h = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        said.add(r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Level level = log.getLevel();
    log.setLevel(java.util.logging.Level.FINE);
    log.addHandler(h);
    System.setProperty("vcr.optimisingJitFiles", "3"); // the fixture's 4 files make a "large" workspace
    try {
      Path other = idx.resolveSibling("idx-child");
      Result r = run("index", ws.toString(), "--index-dir", other.toString(), "--json");
      assertEquals(0, r.code(), r.err());
      JsonObject child = r.json().getAsJsonObject();
      assertTrue(said.stream().anyMatch(m -> m.contains("built by a child process: 4 files")), said.toString());
      assertEquals(here.get("indexHash"), child.get("indexHash"));
      assertEquals("rebuild", child.get("mode").getAsString());
      assertEquals(4, child.get("parsed").getAsInt());
      assertEquals(here.get("definitions"), child.get("definitions"));
      assertEquals(here.get("warnings"), child.get("warnings"), "the child's warnings are reported");
      // an index that exists is refreshed here, as before
      said.clear();
      JsonObject again = run("index", ws.toString(), "--index-dir", other.toString(), "--json").json().getAsJsonObject();
      assertEquals("incremental", again.get("mode").getAsString());
      assertTrue(said.isEmpty(), said.toString());
      // a query in a workspace without an index builds it the same way
      Path third = idx.resolveSibling("idx-query");
      Result q = run("defs", "greet", "--root", ws.toString(), "--index-dir", third.toString(), "--json");
      assertEquals(0, q.code(), q.err());
      assertTrue(said.stream().anyMatch(m -> m.contains("built by a child process: 4 files")), said.toString());
      assertTrue(q.out().contains("Greeter.java"), q.out());
    } finally {
      System.clearProperty("vcr.optimisingJitFiles");
      log.removeHandler(h);
      log.setLevel(level);
    }
  }

  @Test
  void indexJsonReportsTheRun() {
    Result r = run("index", ws.toString(), "--index-dir", idx.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonObject o = r.json().getAsJsonObject();
    assertEquals(3, o.get("scanned").getAsInt());
    assertEquals(3, o.get("parsed").getAsInt());
    assertEquals(0, o.get("unchanged").getAsInt());
    assertEquals(0, o.get("deleted").getAsInt());
    assertEquals(0, o.get("skipped").getAsInt());
    assertEquals(new JsonArray(), o.get("skippedFiles").getAsJsonArray());
    assertEquals(new JsonArray(), o.get("warnings").getAsJsonArray());
    assertEquals(new JsonArray(), o.get("recovery").getAsJsonArray());
    assertEquals("rebuild", o.get("mode").getAsString());
    assertTrue(o.get("definitions").getAsLong() >= 8, o.toString());
    assertTrue(o.get("calls").getAsLong() >= 5, o.toString());
    assertTrue(o.get("indexHash").getAsString().matches("[0-9a-f]{64}"), o.toString());
    assertEquals(idx.toString(), o.get("indexDir").getAsString());
    for (String field : List.of("scanned", "parsed", "unchanged", "deleted", "skipped", "skipReasons",
        "skippedFiles", "warnings", "definitions", "references", "calls", "indexHash", "mode", "millis",
        "recovery", "indexDir")) {
      assertTrue(o.has(field), "field " + field + " in " + o);
    }

    // A second run: nothing to parse, same hash.
    JsonObject again = run("index", ws.toString(), "--index-dir", idx.toString(), "--json").json().getAsJsonObject();
    assertEquals(0, again.get("parsed").getAsInt());
    assertEquals(3, again.get("unchanged").getAsInt());
    assertEquals("incremental", again.get("mode").getAsString());
    assertEquals(o.get("indexHash"), again.get("indexHash"));
  }

  @Test
  void indexReportsSkippedFiles() throws IOException {
    Files.write(ws.resolve("app/Blob.java"), new byte[] {'x', 0, 'y'});
    JsonObject o = run("index", ws.toString(), "--index-dir", idx.toString(), "--json").json().getAsJsonObject();
    assertEquals(1, o.get("skipped").getAsInt());
    assertEquals(1, o.getAsJsonObject("skipReasons").get("BINARY").getAsInt());
    assertEquals("app/Blob.java: BINARY NUL byte in the first 3 bytes",
        o.getAsJsonArray("skippedFiles").get(0).getAsString());
  }

  @Test
  void indexWarnsWhenIgnoreRulesHideEverySourceFile() throws IOException {
    // Outside a git repository .gitignore is not read (Debian's linux-source ships one with "/*").
    write(".gitignore", "/*\n");
    JsonObject o = run("index", ws.toString(), "--index-dir", idx.toString(), "--json").json().getAsJsonObject();
    assertEquals(3, o.get("scanned").getAsInt());
    assertEquals(new JsonArray(), o.get("warnings").getAsJsonArray());

    write(".ignore", "/*\n");
    Result r = run("index", ws.toString(), "--index-dir", idx.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("files scanned 0,"), r.out());
    assertTrue(r.out().contains("\n  warning ignore rules hide every source file of " + ws.toAbsolutePath()
        + " (3 files): .ignore (line 1 \"/*\") hides 3; nothing to index\n"), r.out());
  }

  /** Runs the CLI as if on a terminal (or not), with a clock that moves 300 ms per reading. */
  static Result runOnTerminal(boolean terminal, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long[] now = {0};
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new Cli(o, e, () -> terminal, () -> now[0] += 300_000_000L).run(args);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void indexDrawsProgressOnATerminalOnly() {
    Result tty = runOnTerminal(true, "index", ws.toString(), "--index-dir", idx.toString());
    assertEquals(0, tty.code(), tty.err());
    assertTrue(tty.err().contains("\rindexing 3/3 files (100%), "), tty.err());
    assertTrue(tty.err().endsWith("\r"), "the line is erased before the summary: " + tty.err());
    assertTrue(tty.out().startsWith("files scanned 3, parsed 3,"), tty.out());
    assertFalse(tty.out().contains("\r"), tty.out());

    Result json = runOnTerminal(true, "index", ws.toString(), "--index-dir", tmp.resolve("idx2").toString(), "--json");
    assertEquals(0, json.code(), json.err());
    assertEquals("", json.err(), "--json: no progress");
    assertEquals(3, json.json().getAsJsonObject().get("parsed").getAsInt());

    Result pipe = runOnTerminal(false, "index", ws.toString(), "--index-dir", tmp.resolve("idx3").toString());
    assertEquals(0, pipe.code(), pipe.err());
    assertEquals("", pipe.err(), "not a terminal: no progress");
    assertTrue(pipe.out().startsWith("files scanned 3, parsed 3,"), pipe.out());
  }

  @Test
  void hashPrintsOnlyTheHash() {
    Result h = run("hash", ws.toString(), "--index-dir", idx.toString());
    assertEquals(0, h.code(), h.err());
    assertTrue(h.out().matches("[0-9a-f]{64}\n"), "only the hash and a newline: '" + h.out() + "'");
    assertEquals("", h.err());
    Result i = run("index", ws.toString(), "--index-dir", tmp.resolve("idx2").toString(), "--json");
    assertEquals(i.json().getAsJsonObject().get("indexHash").getAsString(), h.out().trim());
    // And the same as the human-readable summary's.
    Result plain = run("index", ws.toString(), "--index-dir", idx.toString());
    assertTrue(plain.out().contains("index hash " + h.out().trim() + "\n"), plain.out());
  }

  @Test
  void defsJson() {
    Result r = run(query("defs", "greet"));
    assertEquals(0, r.code(), r.err());
    JsonArray a = r.json().getAsJsonArray();
    assertEquals(1, a.size(), a.toString());
    JsonObject d = a.get(0).getAsJsonObject();
    assertEquals("app/Greeter.java:4:17", d.get("location").getAsString());
    assertEquals("method", d.get("kind").getAsString());
    assertEquals("greet", d.get("name").getAsString());
    assertEquals("app.Greeter.greet", d.get("qualifiedName").getAsString());

    JsonArray cls = run(query("defs", "Greeter")).json().getAsJsonArray();
    assertEquals(List.of("app/Greeter.java:3:14"), strings(cls, "location"));
    assertEquals(List.of("class"), strings(cls, "kind"));

    JsonArray py = run(query("defs", "helper")).json().getAsJsonArray();
    assertEquals(List.of("tools/util.py:1:5"), strings(py, "location"));
    assertEquals(List.of("function"), strings(py, "kind"));

    assertEquals(new JsonArray(), run(query("defs", "noSuchName")).json());
  }

  @Test
  void refsJson() {
    JsonArray a = run(query("refs", "greet")).json().getAsJsonArray();
    assertEquals(List.of("app/Main.java:6:7", "app/Main.java:11:7"), strings(a, "location"));
    JsonArray py = run(query("refs", "helper")).json().getAsJsonArray();
    assertEquals(List.of("tools/util.py:6:12"), strings(py, "location"));
  }

  @Test
  void callersJson() {
    JsonArray a = run(query("callers", "greet")).json().getAsJsonArray();
    assertEquals(List.of("app.Main.main", "app.Main.run"), strings(a, "caller"));
    assertEquals(List.of("app/Main.java:4:22", "app/Main.java:10:15"), strings(a, "location"));
    assertEquals(List.of("app.Greeter.greet", "app.Greeter.greet"), strings(a, "callee"));
    assertEquals("[\"app/Main.java:6:7\"]", a.get(0).getAsJsonObject().get("sites").toString());
    assertEquals("[\"app/Main.java:11:7\"]", a.get(1).getAsJsonObject().get("sites").toString());

    JsonArray py = run(query("callers", "helper")).json().getAsJsonArray();
    assertEquals(List.of("caller"), strings(py, "caller"));
  }

  @Test
  void calleesJson() {
    JsonArray a = run(query("callees", "main")).json().getAsJsonArray();
    List<String> callees = strings(a, "callee");
    assertTrue(callees.contains("app.Greeter.greet"), callees.toString());
    assertTrue(callees.contains("app.Main.run"), callees.toString());
    for (JsonElement e : a) {
      assertEquals("app.Main.main", e.getAsJsonObject().get("caller").getAsString());
    }
    JsonArray greet = run(query("callees", "greet")).json().getAsJsonArray();
    assertEquals(List.of("app.Greeter.format"), strings(greet, "callee"));
    assertEquals(List.of("app/Greeter.java:8:17"), strings(greet, "location"));
    assertEquals("[\"app/Greeter.java:5:12\"]", greet.get(0).getAsJsonObject().get("sites").toString());
  }

  @Test
  void symbolsJson() {
    JsonArray a = run(query("symbols", "gre")).json().getAsJsonArray();
    List<String> names = strings(a, "qualifiedName");
    assertTrue(names.contains("app.Greeter"), names.toString());
    assertTrue(names.contains("app.Greeter.greet"), names.toString());
    JsonArray limited = run("symbols", "e", "--root", ws.toString(), "--index-dir", idx.toString(), "--json",
        "--limit", "2").json().getAsJsonArray();
    assertEquals(2, limited.size(), limited.toString());
  }

  @Test
  void missingFolderExits4() {
    Path missing = tmp.resolve("no-such-folder");
    Result r = run("index", missing.toString(), "--index-dir", idx.toString());
    assertEquals(Cli.IO, r.code());
    assertEquals(4, r.code());
    assertEquals("vcr: not a folder: " + missing + "\n", r.err());
    assertEquals("", r.out());
    Result q = run("defs", "greet", "--root", missing.toString(), "--index-dir", idx.toString());
    assertEquals(4, q.code());
    assertTrue(q.err().contains("not a folder: " + missing), q.err());
  }

  @Test
  void unknownOptionExits2() {
    Result r = run("index", ws.toString(), "--index-dir", idx.toString(), "--bogus", "1");
    assertEquals(Cli.USAGE, r.code());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("vcr: unknown option --bogus\n"), r.err());
    assertTrue(r.err().contains("usage: vcr"), r.err());
    Result flag = run("defs", "greet", "--root", ws.toString(), "--quiet");
    assertEquals(2, flag.code());
    assertTrue(flag.err().startsWith("vcr: unknown option --quiet"), flag.err());
    assertEquals(2, run("frobnicate").code());
    assertEquals(2, run("index", ws.toString(), "--threads", "many").code());
    assertEquals(2, run("index").code());
  }

  @Test
  void lockedIndexExits3() throws Exception {
    assertEquals(0, run("index", ws.toString(), "--index-dir", idx.toString()).code());
    try (SymbolStore held = SymbolStore.open(idx)) {
      Result r = run("index", ws.toString(), "--index-dir", idx.toString());
      assertEquals(Cli.LOCKED, r.code());
      assertEquals(3, r.code());
      assertTrue(r.err().startsWith("vcr: the index at " + idx + " is in use by another Vcr process"), r.err());
      assertEquals(3, run(query("defs", "greet")).code());
      assertEquals(3, run("hash", ws.toString(), "--index-dir", idx.toString()).code());
      assertTrue(held.fileCount() == 3, "the holder's index is untouched");
    }
    assertEquals(0, run(query("defs", "greet")).code(), "released");
  }

  static Result runWithFault(Runnable fault, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new Cli(o, e, () -> false, System::nanoTime, fault).run(args);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void outOfMemoryExits5WithOneLineAndTheHint() {
    Result r = runWithFault(() -> {
      throw new OutOfMemoryError("Java heap space");
    }, "index", ws.toString(), "--index-dir", idx.toString());
    assertEquals(Cli.OUT_OF_MEMORY, r.code());
    assertEquals(5, r.code());
    assertEquals("vcr: out of memory (Java heap space) during 'index'; give the JVM more, e.g. VCR_JAVA_OPTS=-Xmx2g\n",
        r.err());
    assertEquals("", r.out());
    // Wrapped (as a worker's error may be), in a query command: still 5, never "Exception in thread main".
    Result q = runWithFault(() -> {
      throw new IllegalStateException("worker failed", new OutOfMemoryError("Direct buffer memory"));
    }, query("defs", "greet"));
    assertEquals(5, q.code(), q.err());
    assertTrue(q.err().startsWith("vcr: out of memory (Direct buffer memory) during 'defs'"), q.err());
    assertTrue(q.err().contains("VCR_JAVA_OPTS=-Xmx"), q.err());
  }

  @Test
  void aFullDiskExits4WithOneLineAndKeepsTheIndex() throws Exception {
    Result first = run("index", ws.toString(), "--index-dir", idx.toString());
    assertEquals(0, first.code(), first.err());
    String hash = run("hash", ws.toString(), "--index-dir", idx.toString()).out();
    java.nio.file.Files.writeString(ws.resolve("app/Added.java"), "package app;\nclass Added {}\n");
    dev.vcr.kernel.index.StoreFaults.inject((point, dir) -> {
      if (point == dev.vcr.kernel.index.StoreFaults.Point.COMMIT) {
        throw dev.vcr.kernel.index.StoreFaults.diskFull(dir);
      }
    });
    try {
      Result r = run("index", ws.toString(), "--index-dir", idx.toString());
      assertEquals(Cli.IO, r.code(), r.err());
      assertTrue(r.err().startsWith("vcr: cannot write the index in ") && r.err().endsWith("the disk is full\n")
          && r.err().lines().count() == 1, r.err());
    } finally {
      dev.vcr.kernel.index.StoreFaults.inject(null);
    }
    java.nio.file.Files.delete(ws.resolve("app/Added.java"));
    assertEquals(hash, run("hash", ws.toString(), "--index-dir", idx.toString()).out(), "the index was kept");
  }

  @Test
  void internalErrorExits70WithOneLineAndTraceOnlyAtFine() {
    Result r = runWithFault(() -> {
      throw new IllegalStateException("boom");
    }, query("refs", "greet"));
    assertEquals(Cli.INTERNAL, r.code());
    assertEquals(70, r.code());
    assertEquals("vcr: internal error during 'refs': java.lang.IllegalStateException: boom"
        + " (run with VCR_LOG=FINE for the stack trace)\n", r.err());
    assertEquals(70, runWithFault(() -> {
      throw new StackOverflowError();
    }, "index", ws.toString(), "--index-dir", idx.toString()).code());
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    java.util.logging.Level before = root.getLevel();
    root.setLevel(java.util.logging.Level.FINE);
    try {
      Result fine = runWithFault(() -> {
        throw new IllegalStateException("boom");
      }, query("refs", "greet"));
      assertEquals(70, fine.code());
      assertTrue(fine.err().startsWith("vcr: internal error during 'refs': java.lang.IllegalStateException: boom\n"),
          fine.err());
      assertTrue(fine.err().contains("\tat dev.vcr.lsp.cli.CliTest"), fine.err());
    } finally {
      root.setLevel(before);
    }
    // A wrapped I/O failure is still an input/output error, and a clean run is unaffected.
    assertEquals(4, runWithFault(() -> {
      throw new java.io.UncheckedIOException(new IOException("disk gone"));
    }, query("defs", "greet")).code());
    assertEquals(0, run(query("defs", "greet")).code());
  }
}
