package dev.vcr.lsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The human-readable output of the query commands: grouped by file, source lines, colour only on a terminal. */
class QueryOutputTest {
  @TempDir Path tmp;
  Path ws;
  CliRun cli;

  @BeforeEach
  void setUp() throws IOException {
    ws = tmp.resolve("ws");
    CliRun.javaFixture(ws);
    CliRun.write(ws.resolve("tools/util.py"), "def helper(x):\n    return x * 2\n\n\ndef caller():\n    return helper(3)\n");
    cli = new CliRun(tmp.resolve("cache"), tmp.resolve("run")).in(ws);
  }

  private CliRun.Result run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--root";
    all[args.length + 1] = ws.toString();
    return cli.run(all);
  }

  @Test
  void refsAreGroupedByFileWithTheirSourceLines() {
    CliRun.Result r = run("refs", "greet");
    assertEquals(0, r.code(), r.err());
    assertEquals(String.join("\n",
        "app/Main.java",
        "app/Main.java:6:7: g.greet(\"x\");",
        "app/Main.java:11:7: g.greet(\"y\");",
        ""), r.out());
    assertEquals("", r.err());
  }

  @Test
  void defsAndSymbolsSayWhatTheyFound() {
    assertEquals(String.join("\n",
        "app/Greeter.java",
        "app/Greeter.java:4:17: public String greet(String name) {  [method app.Greeter.greet]",
        ""), run("defs", "greet").out());
    CliRun.Result s = run("symbols", "gre");
    assertTrue(s.out().startsWith("app/Greeter.java\napp/Greeter.java:"), s.out());
    assertTrue(s.out().contains("app/Greeter.java:3:14: public class Greeter {  [class app.Greeter]\n"), s.out());
  }

  @Test
  void callersAndCalleesShowTheCallSites() {
    CliRun.Result callers = run("callers", "greet");
    assertEquals(String.join("\n",
        "app/Main.java",
        "app/Main.java:6:7: g.greet(\"x\");  [in app.Main.main]",
        "app/Main.java:11:7: g.greet(\"y\");  [in app.Main.run]",
        ""), callers.out());
    CliRun.Result callees = run("callees", "greet");
    assertEquals(String.join("\n",
        "app/Greeter.java",
        "app/Greeter.java:5:12: return format(name);  [calls app.Greeter.format (app/Greeter.java:8:17)]",
        ""), callees.out());
  }

  @Test
  void filesAreSeparatedByABlankLine() {
    CliRun.Result r = run("symbols", "e", "--limit", "50");
    List<String> lines = r.out().lines().toList();
    List<String> headers = new java.util.ArrayList<>();
    String current = null;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (i == 0 || lines.get(i - 1).isEmpty()) {
        assertFalse(l.isEmpty() || l.contains(":"), "a header after each blank line: " + r.out());
        headers.add(l);
        current = l;
      } else if (!l.isEmpty()) {
        assertTrue(l.startsWith(current + ":"), "a hit of the file above: " + l);
      }
    }
    assertTrue(headers.size() >= 2, "several files: " + r.out());
    assertEquals(headers.size(), headers.stream().distinct().count(), "one header per file: " + r.out());
    assertTrue(headers.contains("tools/util.py") && headers.contains("app/Greeter.java"), r.out());
    assertFalse(r.out().endsWith("\n\n"), r.out());
  }

  @Test
  void nothingFoundSaysSoOnStderrOnly() {
    CliRun.Result r = run("refs", "noSuchName");
    assertEquals(0, r.code());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("vcr: nothing found for 'noSuchName'"), r.err());
    CliRun.Result j = run("refs", "noSuchName", "--json");
    assertEquals("[]\n", j.out());
    assertEquals("", j.err());
  }

  @Test
  void colourOnlyOnATerminalAndNotWithNoColor() {
    String plain = run("refs", "greet").out();
    assertFalse(plain.contains("\u001b["), "not a terminal: no colour");

    String tty = cli.terminal(true).run("refs", "greet", "--root", ws.toString()).out();
    assertTrue(tty.contains("\u001b["), "a terminal: colour");
    assertTrue(tty.startsWith(HitPrinter.HEADER + "app/Main.java" + HitPrinter.RESET + "\n"), tty);
    assertTrue(tty.contains("g." + HitPrinter.MATCH + "greet" + HitPrinter.RESET + "(\"x\");"),
        "the name is highlighted where the hit points: " + tty);
    assertEquals(plain, tty.replaceAll("\u001b\\[[0-9;]*m", ""), "colour adds nothing but escapes");

    cli.env.put("NO_COLOR", "1");
    assertEquals(plain, cli.run("refs", "greet", "--root", ws.toString()).out(), "NO_COLOR");
    cli.env.put("NO_COLOR", "");
    assertEquals(tty, cli.run("refs", "greet", "--root", ws.toString()).out(), "an empty NO_COLOR does not count");
    cli.env.put("NO_COLOR", "1");
    assertEquals(tty, cli.run("refs", "greet", "--root", ws.toString(), "--color=always").out(), "--color=always wins");
    cli.env.remove("NO_COLOR");
    assertEquals(plain, cli.run("refs", "greet", "--root", ws.toString(), "--color", "never").out());
    cli.terminal(false);
    assertEquals(tty, cli.run("refs", "greet", "--root", ws.toString(), "--color", "ALWAYS").out());
  }

  @Test
  void jsonNeverHasColourOrSourceLines() {
    String json = cli.terminal(true).run("refs", "greet", "--root", ws.toString(), "--json", "--color=always").out();
    assertEquals("[\n  {\n    \"location\": \"app/Main.java:6:7\"\n  },\n  {\n    \"location\": \"app/Main.java:11:7\"\n  }\n]\n",
        json);
  }

  @Test
  void locationsParseFromTheRight() {
    assertEquals(new HitPrinter.Hit("a:b/c.py", 3, 4, null, null), HitPrinter.at("a:b/c.py:3:4"));
    assertEquals(new HitPrinter.Hit("src/x.c", 0, 0, null, null), HitPrinter.at("src/x.c"));
    assertEquals("format", HitPrinter.simpleName("app.Greeter.format"));
    assertEquals("push", HitPrinter.simpleName("std::vector::push"));
  }

  @Test
  void longAndIndentedLinesAreTrimmedAndCut() throws IOException {
    Path file = tmp.resolve("long.py");
    CliRun.write(file, "x = 1\r\n\t\t    helper(\"" + "z".repeat(300) + "\")\r\nlast");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
    new HitPrinter(out, false, key -> java.util.Optional.of(file)).print(List.of(
        new HitPrinter.Hit("long.py", 2, 7, "helper", null),
        new HitPrinter.Hit("long.py", 1, 1, "x", "variable x"),
        new HitPrinter.Hit("long.py", 3, 1, null, null),
        new HitPrinter.Hit("long.py", 9, 1, null, "past the end")), false);
    List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    assertEquals("long.py", lines.get(0));
    assertEquals("long.py:1:1: x = 1  [variable x]", lines.get(1), "in line order, \\r dropped");
    String cut = lines.get(2);
    assertTrue(cut.startsWith("long.py:2:7: helper(\"zzz"), cut);
    assertTrue(cut.endsWith("z…"), cut);
    assertEquals("long.py:2:7: ".length() + HitPrinter.MAX_TEXT + 1, cut.length(), cut);
    assertEquals("long.py:3:1: last", lines.get(3));
    assertEquals("long.py:9:1: [past the end]", lines.get(4), "a line that is not there: no text");
    assertEquals(5, lines.size());
  }

  @Test
  void terminalDetection() {
    assertTrue(Terminal.isTerminalDevice("/dev/pts/3"));
    assertTrue(Terminal.isTerminalDevice("/dev/tty1"));
    assertFalse(Terminal.isTerminalDevice("pipe:[1234]"));
    assertFalse(Terminal.isTerminalDevice("/tmp/out.txt"));
    assertTrue(Terminal.colourWanted(true, java.util.Map.of()));
    assertFalse(Terminal.colourWanted(false, java.util.Map.of()));
    assertFalse(Terminal.colourWanted(true, java.util.Map.of("NO_COLOR", "yes")));
    assertFalse(Terminal.colourWanted(true, java.util.Map.of("TERM", "dumb")));
  }
}
