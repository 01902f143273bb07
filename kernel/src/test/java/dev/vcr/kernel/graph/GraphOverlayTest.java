package dev.vcr.kernel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.extract.SymbolExtractor;
import dev.vcr.kernel.graph.GraphResults.ImpactNode;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import dev.vcr.kernel.lang.Language;
import dev.vcr.kernel.model.FileFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph queries see a session's unsaved documents, like every request; and imports make file edges. */
class GraphOverlayTest {
  @Test
  void impactAndCyclesSeeUnsavedEdits(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    GraphFixture.write(ws, "java");
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      // Unsaved: chainA now calls diamondBottom instead of chainB, and cycleZ no longer calls cycleX.
      String a = "package chain;\n\npublic class ChainA {\n  public static int chainA() {\n"
          + "    return diamond.DiamondBottom.diamondBottom();\n  }\n}\n";
      String z = "package cycle;\n\npublic class CycleZ {\n  public static int cycleZ() {\n    return 0;\n  }\n}\n";
      SortedMap<String, FileFacts> overlay = new TreeMap<>();
      overlay.put("chain/ChainA.java", SymbolExtractor.extract(Language.JAVA, a.getBytes(StandardCharsets.UTF_8)));
      overlay.put("cycle/CycleZ.java", SymbolExtractor.extract(Language.JAVA, z.getBytes(StandardCharsets.UTF_8)));
      CodeGraph g = wi.graph(overlay, p -> p.equals("chain/ChainA.java") ? a.getBytes(StandardCharsets.UTF_8) : null, null);

      assertEquals(2, g.impact(g.find("chainD"), 5, 100, false).total(), "chainA no longer reaches chainD");
      List<String> first = g.impact(g.find("diamondBottom"), 1, 100, false).hops().get(0).nodes().stream()
          .map(ImpactNode::symbol).map(GraphResults.SymbolRef::name).toList();
      assertEquals(List.of("chainA", "diamondLeft", "diamondRight"), first);
      assertEquals(2, g.cycles("files", 10).components(), "the three-file cycle is broken");
      assertEquals(3, wi.graph().cycles("files", 10).components(), "the shared index alone still has it");
      // The context of chainA is its unsaved text.
      assertEquals(true, g.context(g.find("chainA").get(0), 1000).items().get(0).text().contains("diamondBottom"));
    }
  }

  @Test
  void contextHasTheTypesAFunctionUsesAndItsTests(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    Files.createDirectories(ws.resolve("src/shop"));
    Files.createDirectories(ws.resolve("test/shop"));
    Files.writeString(ws.resolve("src/shop/Order.java"),
        "package shop;\n\n/** An order. */\npublic class Order {\n  public int total() { return 1; }\n}\n");
    Files.writeString(ws.resolve("src/shop/Audit.java"),
        "package shop;\n\nclass Audit {\n  static int audit(Order o) {\n    return o.total();\n  }\n}\n");
    Files.writeString(ws.resolve("test/shop/AuditTest.java"),
        "package shop;\n\nclass AuditTest {\n  void checks() {\n    Audit.audit(new Order());\n  }\n}\n");
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      CodeGraph g = wi.graph();
      GraphResults.ContextResult r = g.context(g.find("Audit.audit").get(0), 1000);
      assertEquals(List.of("focus:audit", "callee:total", "type:Order", "test:checks"), r.items().stream()
          .map(i -> i.role() + ":" + i.symbol().name()).toList());
      assertEquals("/* An order. */\npublic class Order", r.items().get(2).text());
    }
  }

  @Test
  void includesAndImportsNameWorkspaceFiles() {
    TreeSet<String> paths = new TreeSet<>(List.of("src/util.h", "src/main.c", "include/api.h", "py/pkg/mod.py",
        "py/pkg/__init__.py", "py/app.py", "web/a.ts", "web/lib/index.ts"));
    ImportTargets t = new ImportTargets(paths);
    assertEquals(List.of("src/util.h"), List.copyOf(t.resolve("src/main.c", Language.C.family().id(), "util.h", null)));
    assertEquals(List.of("include/api.h"), List.copyOf(t.resolve("src/main.c", Language.C.family().id(), "api.h", null)));
    assertEquals(List.of(), List.copyOf(t.resolve("src/main.c", Language.C.family().id(), "<stdio.h>", null)));
    assertEquals(List.of("py/pkg/__init__.py", "py/pkg/mod.py"), List.copyOf(t.resolve("py/app.py", Language.PYTHON.family().id(), "pkg", "mod")));
    assertEquals(List.of("py/pkg/mod.py"), List.copyOf(t.resolve("py/pkg/__init__.py", Language.PYTHON.family().id(), ".mod", "x")));
    assertEquals(List.of("web/lib/index.ts"), List.copyOf(t.resolve("web/a.ts", Language.TYPESCRIPT.family().id(), "./lib", "x")));
  }

  @Test
  void aCIncludeIsAFileEdge(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    Files.createDirectories(ws);
    Files.writeString(ws.resolve("a.h"), "#include \"b.h\"\n");
    Files.writeString(ws.resolve("b.h"), "#include \"a.h\"\n");
    try (WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults())) {
      wi.refresh(Indexer.Progress.NONE, () -> false);
      GraphResults.CyclesResult r = wi.graph().cycles("files", 10);
      assertEquals(List.of("a.h", "b.h"), r.cycles().get(0).members());
      assertEquals("import", r.cycles().get(0).closing().get(0).role());
    }
  }
}
