package dev.vcr.lsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.lsp.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, help, version and exit codes of the picocli command line. */
class CommandLineTest {
  static final List<String> COMMANDS = List.of("index", "hash", "defs", "refs", "callers", "callees", "symbols",
      "stats", "doctor", "lsp", "daemon", "smoke");

  @TempDir Path tmp;
  CliRun cli;

  @BeforeEach
  void setUp() throws IOException {
    cli = new CliRun(tmp.resolve("cache"), tmp.resolve("run"));
    Files.createDirectories(tmp.resolve("home"));
    cli.in(tmp.resolve("home"));
  }

  @Test
  void versionIsTheMavenProjectVersion() {
    assertTrue(Version.get().matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?"), "filtered: " + Version.get());
    CliRun.Result r = cli.run("--version");
    assertEquals(0, r.code(), r.err());
    assertEquals("vcr " + Version.get() + "\n", r.out());
    assertEquals("", r.err());
    assertEquals("vcr " + Version.get() + "\n", cli.run("-V").out());
    assertEquals("vcr " + Version.get() + "\n", cli.run("defs", "--version").out(), "on a subcommand too");
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    CliRun.Result r = cli.run("--help");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("usage: vcr [-hV] COMMAND\n"), r.out());
    for (String c : COMMANDS) {
      assertTrue(r.out().contains("\n  " + c + " "), "command " + c + " listed: " + r.out());
    }
    assertTrue(r.out().contains("\nExit codes:\n"), r.out());
    for (Map.Entry<String, String> e : Cli.EXIT_CODES.entrySet()) {
      assertTrue(r.out().matches("(?s).*\\n  " + e.getKey() + " +" + java.util.regex.Pattern.quote(e.getValue()) + "\\n.*"),
          "exit code " + e.getKey() + " documented: " + r.out());
    }
    assertEquals(r.out(), cli.run("help").out(), "`vcr help` is `vcr --help`");
    assertEquals(0, cli.run("help").code());
  }

  @Test
  void everyCommandHasHelpWithExamples() {
    for (String c : COMMANDS) {
      CliRun.Result r = cli.run(c, "--help");
      assertEquals(0, r.code(), c + ": " + r.err());
      assertTrue(r.out().startsWith("usage: vcr " + c + " "), r.out());
      int examples = r.out().indexOf("\nExamples:\n");
      assertTrue(examples > 0, c + " has examples: " + r.out());
      assertTrue(r.out().substring(examples).contains("vcr " + c), c + "'s examples run it: " + r.out());
      assertTrue(r.out().contains("\nExit codes:\n"), r.out());
      assertEquals(r.out(), cli.run("help", c).out(), "`vcr help " + c + "`");
    }
    assertTrue(cli.run("symbols", "--help").out().contains("--limit=N"));
    assertFalse(cli.run("defs", "--help").out().contains("--limit"), "--limit is for symbols only");
    assertFalse(cli.run("lsp", "--help").out().contains("clientProcessId"), "hidden");
  }

  @Test
  void exitCodesAreDistinctAndInTheReadme() throws IOException {
    Set<Integer> codes = new HashSet<>();
    for (int c : new int[] {Cli.OK, Cli.LSP_FIRST_MESSAGE, Cli.USAGE, Cli.LOCKED, Cli.IO, Cli.OUT_OF_MEMORY,
        Cli.NO_WORKSPACE, Cli.INTERNAL}) {
      assertTrue(codes.add(c), "distinct: " + c);
    }
    assertEquals(codes.size(), Cli.EXIT_CODES.size(), "help documents every code: " + Cli.EXIT_CODES);
    for (String k : Cli.EXIT_CODES.keySet()) {
      assertTrue(codes.contains(Integer.parseInt(k)), k);
    }
    Path readme = Path.of("..", "README.md");
    if (Files.exists(readme)) {
      String text = Files.readString(readme).replaceAll("\\s+", " ");
      for (int c : codes) {
        assertTrue(text.matches("(?s).*Exit codes:.*\\b" + c + " .*"), "README documents exit code " + c);
      }
      assertTrue(text.contains("6 no workspace found"), "README: 6");
    }
  }

  @Test
  void usageErrorsExit2WithOneLineTheSynopsisAndAHint() {
    CliRun.Result none = cli.run();
    assertEquals(Cli.USAGE, none.code());
    assertTrue(none.err().startsWith("usage: vcr"), none.err());
    assertEquals("", none.out());

    CliRun.Result unknown = cli.run("frobnicate");
    assertEquals(2, unknown.code());
    assertEquals("vcr: unknown command 'frobnicate'\nusage: vcr [-hV] COMMAND\nTry 'vcr --help' for more information.\n",
        unknown.err());

    CliRun.Result typo = cli.run("defz", "x");
    assertEquals(2, typo.code());
    assertTrue(typo.err().startsWith("vcr: unknown command 'defz' (did you mean defs?)\n"), typo.err());
    assertTrue(cli.run("calers").err().startsWith("vcr: unknown command 'calers' (did you mean callers?)\n"));
    assertEquals(3, Cli.editDistance("kitten", "sitting"));
    assertEquals(0, Cli.editDistance("", ""));

    CliRun.Result option = cli.run("defs", "x", "--bogus=1");
    assertEquals(2, option.code());
    assertTrue(option.err().startsWith("vcr: unknown option --bogus\nusage: vcr defs "), option.err());
    assertTrue(option.err().endsWith("Try 'vcr defs --help' for more information.\n"), option.err());

    assertEquals(2, cli.run("defs").code(), "a name is required");
    assertTrue(cli.run("defs").err().startsWith("vcr: missing required parameter: 'NAME'"), cli.run("defs").err());
    assertEquals(2, cli.run("defs", "a", "b").code(), "one name only");
    assertTrue(cli.run("defs", "a", "b").err().startsWith("vcr: unexpected argument 'b'"), cli.run("defs", "a", "b").err());
    assertEquals(2, cli.run("symbols", "x", "--limit", "many").code());
    assertEquals(2, cli.run("refs", "x", "--color", "sometimes").code());
    CliRun.Result threads = cli.run("index", tmp.toString(), "--threads", "0");
    assertEquals(2, threads.code());
    assertTrue(threads.err().startsWith("vcr: --threads must be at least 1\n"), threads.err());
    assertEquals(2, cli.run("lsp", "extra").code(), "lsp takes no positionals");
    assertEquals(2, cli.run("lsp", "--idle-timeout-seconds", "-1").code());
    CliRun.Result help = cli.run("help", "frob");
    assertEquals(2, help.code(), help.err());
    assertTrue(help.err().startsWith("vcr: unknown subcommand 'frob'."), help.err());
    CliRun.Result smoke = cli.run("smoke", "dir");
    assertEquals(2, smoke.code());
    assertTrue(smoke.err().contains("bin/vcr"), smoke.err());
  }

  @Test
  void editorsServerCommandLinesStillParse() {
    // What editors and scripts run (vscode-client, clients/, docs/editors.md), parsed without running.
    Cli c = new Cli(System.out, System.err);
    for (String[] args : List.of(
        new String[] {"lsp", "--stdio"},
        new String[] {"lsp"},
        new String[] {"lsp", "--stdio", "--clientProcessId=4242"},
        new String[] {"lsp", "--stdio", "--clientProcessId", "4242"},
        new String[] {"lsp", "--stdio", "--idle-timeout-seconds", "3"},
        new String[] {"lsp", "--no-daemon", "--index-dir", "/tmp/i", "--threads", "2", "--max-file-bytes", "100"},
        new String[] {"daemon", "--runtime-dir", "/tmp/r", "--idle-timeout-seconds", "0", "--index-dir", "/tmp/i", "a", "b"},
        new String[] {"index", "d", "--index-dir", "i", "--threads", "2", "--json"})) {
      picocli.CommandLine.ParseResult p = c.commandLine().parseArgs(args);
      assertEquals(args[0], p.subcommand().commandSpec().name(), String.join(" ", args));
    }
  }

  @Test
  void optionsTakeBothSpellingsAndAnyPosition() throws IOException {
    Path ws = tmp.resolve("ws");
    CliRun.javaFixture(ws);
    Path idx = tmp.resolve("idx");
    CliRun.Result a = cli.run("defs", "--root=" + ws, "--index-dir", idx.toString(), "greet",
        "--json");
    assertEquals(0, a.code(), a.err());
    assertEquals("app/Greeter.java:4:17",
        a.json().getAsJsonArray().get(0).getAsJsonObject().get("location").getAsString());
    CliRun.Result b = cli.run("symbols", "--limit=1", "gre", "--root", ws.toString(), "--index-dir=" + idx, "--json");
    assertEquals(0, b.code(), b.err());
    assertEquals(1, b.json().getAsJsonArray().size());
    // Names are names: no @argument-file expansion, and -- ends the options.
    Files.writeString(tmp.resolve("args"), "greet\n");
    CliRun.Result at = cli.run("defs", "@" + tmp.resolve("args"), "--root", ws.toString(), "--index-dir", idx.toString(),
        "--json");
    assertEquals(0, at.code(), at.err());
    assertEquals("[]\n", at.out(), "looked up literally, not read from the file");
    CliRun.Result dashed = cli.run("symbols", "--root", ws.toString(), "--index-dir", idx.toString(), "--json", "--",
        "-greet");
    assertEquals(0, dashed.code(), dashed.err());
    CliRun.Result h = cli.run("hash", ws.toString(), "--index-dir", idx.toString(), "--threads=1", "--max-file-bytes", "1000000");
    assertEquals(0, h.code(), h.err());
    assertTrue(h.out().matches("[0-9a-f]{64}\n"), h.out());
  }
}
