package dev.vcr.lsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph commands: JSON and text answers, pictures, budgets, and a symbol that names nothing. */
class GraphCommandsTest {
  @TempDir Path tmp;
  Path ws;
  CliRun cli;

  @BeforeEach
  void setUp() throws IOException {
    ws = tmp.resolve("ws");
    CliRun.write(ws.resolve("p/A.java"), "package p;\n\nclass A {\n  static int a() {\n    return B.b() + C.c();\n  }\n}\n");
    CliRun.write(ws.resolve("p/B.java"), "package p;\n\nclass B {\n  /** Calls c. */\n  static int b() {\n    return C.c();\n  }\n}\n");
    CliRun.write(ws.resolve("p/C.java"), "package p;\n\nclass C {\n  static int c() {\n    return A.a();\n  }\n}\n");
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
  void impactPathsCyclesContextAndStats() {
    CliRun.Result impact = run("impact", "p.B.b", "--json");
    assertEquals(0, impact.code(), impact.err());
    JsonObject r = impact.json().getAsJsonObject();
    // b is called by a, which is called by c (the cycle a → b → c → a ends the walk).
    assertEquals("p.A.a", r.getAsJsonArray("hops").get(0).getAsJsonObject().getAsJsonArray("nodes").get(0)
        .getAsJsonObject().getAsJsonObject("symbol").get("qualifiedName").getAsString());
    assertEquals(2, r.get("total").getAsInt());

    JsonObject page1 = run("impact", "p.B.b", "--limit", "1", "--json").json().getAsJsonObject();
    assertEquals(1, page1.get("cursor").getAsInt());
    JsonObject page2 = run("impact", "p.B.b", "--limit", "1", "--offset", "1", "--json").json().getAsJsonObject();
    assertEquals("p.C.c", page2.getAsJsonArray("hops").get(0).getAsJsonObject().getAsJsonArray("nodes").get(0)
        .getAsJsonObject().getAsJsonObject("symbol").get("qualifiedName").getAsString());
    assertTrue(!page2.has("cursor"), "the last page has no cursor");
    assertTrue(run("impact", "p.B.b", "--limit", "1").out().endsWith("; more with --offset 1\n"));

    CliRun.Result text = run("impact", "p/B.java:5");
    assertTrue(text.out().startsWith("impact of p.B.b  p/B.java:5:14  [method]\n\nhop 1: 1 symbol in 1 file\n"), text.out());
    assertTrue(text.out().contains("      call, exact → p/B.java:5:14\n"), text.out());

    CliRun.Result dot = run("paths", "p.A.a", "p.C.c", "--format", "dot");
    assertEquals(0, dot.code(), dot.err());
    assertTrue(dot.out().startsWith("digraph paths {"), dot.out());
    assertTrue(dot.out().contains("\"p/A.java:4:14\" -> \"p/C.java:4:14\" [label=\"call\"];"), dot.out());

    CliRun.Result cycles = run("cycles", "--graph", "calls", "--json");
    assertEquals(3, cycles.json().getAsJsonObject().getAsJsonArray("cycles").get(0).getAsJsonObject().get("size").getAsInt());
    CliRun.Result mermaid = run("cycles", "--format", "mermaid");
    assertTrue(mermaid.out().startsWith("flowchart LR\n  subgraph cycle1"), mermaid.out());
    CliRun.Result svg = run("cycles", "--format", "svg");
    if (svg.code() == 0) {
      assertTrue(svg.out().contains("<svg"), svg.out());
    } else {
      assertEquals(Cli.IO, svg.code());
      assertTrue(svg.err().contains("Graphviz"), svg.err());
    }

    CliRun.Result context = run("context", "p.B.b", "--budget", "100", "--json");
    JsonObject budget = context.json().getAsJsonObject().getAsJsonObject("budget");
    assertEquals(100, budget.get("limit").getAsInt());
    assertEquals(100 - budget.get("used").getAsInt(), budget.get("remaining").getAsInt());

    CliRun.Result detail = run("detail", "p.B.b");
    assertTrue(detail.out().contains("  signature: static int b()\n  doc: Calls c.\n"), detail.out());

    CliRun.Result stats = run("stats", "--graph", "--json");
    assertEquals(3, stats.json().getAsJsonObject().getAsJsonObject("languages").getAsJsonObject("java").get("files").getAsInt());

    CliRun.Result none = run("impact", "noSuchThing");
    assertEquals(0, none.code());
    assertEquals("", none.out());
    assertTrue(none.err().contains("no declaration found for 'noSuchThing'"), none.err());
    assertEquals(2, run("cycles", "--graph", "modules").code(), "a bad --graph is a usage error");
  }

  @Test
  void pagesCyclesOfAFileAndHotspotsWeightedByGit() throws Exception {
    CliRun.Result cycles = run("cycles", "--file", ws.resolve("p/B.java").toString(), "--json");
    assertEquals(0, cycles.code(), cycles.err());
    assertEquals("p/B.java", cycles.json().getAsJsonObject().get("file").getAsString());
    assertEquals(1, cycles.json().getAsJsonObject().get("components").getAsInt());
    assertTrue(run("cycles", "--file", "p/B.java").out().endsWith("1 cycle in the file graph through p/B.java\n"));

    CliRun.Result notGit = run("hotspots", "--git", "--limit", "1");
    assertTrue(notGit.out().startsWith("not weighted: "), notGit.out());
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "first");
    CliRun.write(ws.resolve("p/C.java"), "package p;\n\nclass C {\n  static int c() {\n    return A.a() + 1;\n  }\n}\n");
    git("commit", "-q", "-a", "-m", "second");
    CliRun.Result weighted = run("hotspots", "--git", "--git-commits", "5", "--limit", "1");
    assertTrue(weighted.out().startsWith("weighted by git: 2 commits read (at most 5 per root), 3 files changed\n"), weighted.out());
    assertTrue(weighted.out().contains("files (fan-in × fan-out × (1 + changes), lines)\n"), weighted.out());
    assertTrue(weighted.out().contains(" × (1 + 2) "), "C.java changed twice: " + weighted.out());
    assertTrue(weighted.out().endsWith("more with --offset 1\n"), weighted.out());
    JsonObject json = run("hotspots", "--git", "--json").json().getAsJsonObject();
    assertEquals("p/C.java", json.getAsJsonArray("files").get(0).getAsJsonObject().get("name").getAsString());
    assertEquals(2, json.getAsJsonArray("files").get(0).getAsJsonObject().get("changes").getAsInt());
  }

  private void git(String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git", "-c", "user.name=Vcr Test",
        "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", "-C", ws.toString()));
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }
}
