package dev.vcr.kernel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.index.GraphSummary;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole graph reads the stored summaries by a walk in file-id order, which after in-place additions is
 * not path order; its answers must be those of a clean index, whose ids follow paths.
 */
class GraphWalkOrderTest {
  private static final String FIRST = "package aaa;\n\npublic class First {\n  public static int first() {\n"
      + "    return chain.ChainB.chainB() + cycle.CycleX.cycleX() + diamond.DiamondTop.diamondTop();\n  }\n}\n";

  @Test
  void aFileAddedInPlaceAnswersAsInACleanIndex(@TempDir Path tmp) throws Exception {
    Path ws = tmp.resolve("ws");
    GraphFixture.write(ws, "java");
    try (WorkspaceIndex grown = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("grown"), IndexOptions.defaults())) {
      grown.refresh(Indexer.Progress.NONE, () -> false);
      // Added after the build: the last file id, the first path.
      Files.createDirectories(ws.resolve("aaa"));
      Files.writeString(ws.resolve("aaa/First.java"), FIRST);
      grown.refresh(Indexer.Progress.NONE, () -> false);
      List<String> walked = new ArrayList<>();
      grown.store().forEachGraphSummary((path, s) -> walked.add(path));
      assertTrue(walked.contains("aaa/First.java") && !walked.get(0).equals("aaa/First.java"),
          "the walk is in file-id order, not path order: " + walked);
      try (WorkspaceIndex clean = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("clean"), IndexOptions.defaults())) {
        clean.refresh(Indexer.Progress.NONE, () -> false);
        assertEquals(clean.store().indexHash(), grown.store().indexHash());
        CodeGraph a = grown.graph();
        CodeGraph b = clean.graph();
        assertEquals(b.hotspots(50), a.hotspots(50));
        assertEquals(b.cycles("files", 10), a.cycles("files", 10));
        assertEquals(b.cycles("calls", 10), a.cycles("calls", 10));
        assertEquals(b.impact(b.find("chainD"), 5, 100, false), a.impact(a.find("chainD"), 5, 100, false));
        assertEquals(4, a.impact(a.find("chainD"), 5, 100, false).total(), "chainC, chainB, chainA and first");
        // A request that starts with the file graph alone builds the symbol graph when a later query needs it.
        CodeGraph c = grown.graph();
        assertEquals(b.cycles("files", 10), c.cycles("files", 10));
        assertEquals(b.clusters(10), c.clusters(10));
        assertEquals(b.cycles("calls", 10), c.cycles("calls", 10));
        assertEquals(b.hotspots(50), c.hotspots(50));
        assertTrue(!c.hotspots(50).symbols().isEmpty(), "symbols rank once their graph is built");
      }
      // The walk gives every stored summary once, the same as asking for each path.
      List<String> paths = new ArrayList<>(walked);
      paths.sort(null);
      for (String p : paths) {
        GraphSummary one = grown.store().graphSummary(p);
        assertEquals(one.declarationCount(), summaryFromWalk(grown, p).declarationCount(), p);
      }
      assertEquals(paths.size(), new java.util.TreeSet<>(walked).size(), "no path twice");
    }
  }

  private static GraphSummary summaryFromWalk(WorkspaceIndex wi, String path) {
    GraphSummary[] found = new GraphSummary[1];
    wi.store().forEachGraphSummary((p, s) -> {
      if (p.equals(path)) {
        found[0] = s;
      }
    });
    return found[0];
  }
}
