package dev.vcr.lsp.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the CLI in-process with a chosen current folder, environment, index location and terminal, so tests
 * never touch the user's cache or runtime folders.
 */
final class CliRun {
  /** What one run printed, and its exit code. */
  record Result(int code, String out, String err) {
    JsonElement json() {
      return JsonParser.parseString(out);
    }
  }

  Path cwd = Path.of("").toAbsolutePath();
  /** Indexes of one-folder workspaces go to {@code <cache>/<indexName>}. */
  Path cache;
  Path runtimeDir;
  boolean stdoutTerminal;
  final Map<String, String> env = new HashMap<>();

  CliRun(Path cache, Path runtimeDir) {
    this.cache = cache;
    this.runtimeDir = runtimeDir;
  }

  CliRun in(Path dir) {
    this.cwd = dir;
    return this;
  }

  CliRun terminal(boolean t) {
    this.stdoutTerminal = t;
    return this;
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      Cli cli = new Cli(o, e, () -> false, System::nanoTime);
      cli.cwd = cwd;
      cli.env = Map.copyOf(env);
      cli.stdoutTerminal = () -> stdoutTerminal;
      cli.indexLocator = folder -> cache.resolve(dev.vcr.kernel.ingest.Workspace.of(folder).indexName());
      cli.runtimeDir = runtimeDir;
      code = cli.run(args);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** A small Java workspace: Greeter.greet called twice from Main. */
  static void javaFixture(Path ws) throws IOException {
    write(ws.resolve("app/Greeter.java"), String.join("\n",
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
    write(ws.resolve("app/Main.java"), String.join("\n",
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
  }
}
