package dev.vcr.kernel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.graph.GraphResults.CallPath;
import dev.vcr.kernel.graph.GraphResults.ClusterLink;
import dev.vcr.kernel.graph.GraphResults.Cycle;
import dev.vcr.kernel.graph.GraphResults.Hotspot;
import dev.vcr.kernel.graph.GraphResults.SymbolRef;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cursors of paths, cycles, hotspots and clusters: paging through an answer with its cursors gives exactly
 * the unpaged answer; and hotspots weighted by a git history built here.
 */
class GraphPagingTest {
  @TempDir Path tmp;

  private WorkspaceIndex index(Path ws, String lang) throws Exception {
    GraphFixture.write(ws, lang);
    WorkspaceIndex wi = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve("index"), IndexOptions.defaults());
    wi.refresh(Indexer.Progress.NONE, () -> false);
    return wi;
  }

  /** Every page from offset 0 on, following each answer's cursor until there is none. */
  private static <T> List<T> pages(IntFunction<T> page, java.util.function.Function<T, Integer> cursor) {
    List<T> out = new ArrayList<>();
    Integer next = 0;
    while (next != null) {
      T r = page.apply(next);
      out.add(r);
      Integer c = cursor.apply(r);
      assertTrue(c == null || c > next, "a cursor moves on: " + c + " after " + next);
      next = c;
      assertTrue(out.size() < 100, "pages end");
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void cursorsPageThroughToTheUnpagedAnswer(int size) throws Exception {
    try (WorkspaceIndex wi = index(tmp.resolve("ws"), "java")) {
      CodeGraph g = wi.graph();

      // cycles: the three components (the cycle and the two clusters), in both graphs
      for (String graph : List.of("files", "calls")) {
        GraphResults.CyclesResult all = g.cycles(graph, 100, 0, null);
        assertEquals(3, all.components());
        assertFalse(all.truncated());
        assertNull(all.cursor());
        List<GraphResults.CyclesResult> ps = pages(o -> wi.graph().cycles(graph, size, o, null), GraphResults.CyclesResult::cursor);
        assertEquals((3 + size - 1) / size, ps.size());
        assertEquals(all.cycles(), ps.stream().flatMap(p -> p.cycles().stream()).toList());
        assertTrue(ps.subList(0, ps.size() - 1).stream().allMatch(GraphResults.CyclesResult::truncated));
        assertFalse(ps.get(ps.size() - 1).truncated());
      }

      // hotspots: both lists
      GraphResults.HotspotsResult hs = g.hotspots(1000, 0, 0);
      assertFalse(hs.truncated());
      assertNull(hs.weighting(), "not asked for git weighting");
      List<GraphResults.HotspotsResult> hps = pages(o -> wi.graph().hotspots(size, o, 0), GraphResults.HotspotsResult::cursor);
      assertEquals(hs.symbols(), hps.stream().flatMap(p -> p.symbols().stream()).toList());
      assertEquals(hs.files(), hps.stream().flatMap(p -> p.files().stream()).toList());
      assertTrue(hs.files().size() > size, "more files than one page: " + hs.files().size());

      // clusters: the groups, and each link once
      GraphResults.ClustersResult cs = g.clusters(1000, 0);
      assertTrue(cs.clusters() > size);
      List<GraphResults.ClustersResult> cps = pages(o -> wi.graph().clusters(size, o), GraphResults.ClustersResult::cursor);
      assertEquals(cs.groups(), cps.stream().flatMap(p -> p.groups().stream()).toList());
      List<ClusterLink> links = cps.stream().flatMap(p -> p.links().stream()).toList();
      assertEquals(cs.links(), links);
      assertEquals(1, links.size(), "the bridge: " + links);

      // paths: clusterP2 to clusterQ3 has one path of 3 calls, two of 4 (a tie) and one of 5
      List<DefHit> from = fn(g, "clusterP2");
      List<DefHit> to = fn(g, "clusterQ3");
      GraphResults.PathsResult ap = g.paths(from, to, 100, 8, 5_000, 0);
      assertEquals(List.of(3, 4, 4, 5), ap.paths().stream().map(CallPath::length).toList());
      assertFalse(ap.truncated());
      List<GraphResults.PathsResult> pps = pages(o -> wi.graph().paths(from, to, size, 8, 5_000, o), GraphResults.PathsResult::cursor);
      assertEquals(names(ap.paths()), names(pps.stream().flatMap(p -> p.paths().stream()).toList()));
      assertEquals(ap.paths(), pps.stream().flatMap(p -> p.paths().stream()).toList());
    }
  }

  @Test
  void cyclesOfOneFileAreTheComponentsHoldingIt() throws Exception {
    try (WorkspaceIndex wi = index(tmp.resolve("ws"), "java")) {
      String y = GraphFixture.file("java", "cycleY");
      GraphResults.CyclesResult r = wi.graph().cycles("files", 10, 0, y);
      assertEquals(1, r.components());
      assertEquals(y, r.file());
      assertTrue(r.cycles().get(0).members().contains(y), r.toString());
      GraphResults.CyclesResult calls = wi.graph().cycles("calls", 10, 0, y);
      assertEquals(List.of("cycleX", "cycleY", "cycleZ"),
          calls.cycles().get(0).symbols().stream().map(SymbolRef::name).toList());
      assertEquals(0, wi.graph().cycles("files", 10, 0, GraphFixture.file("java", "chainA")).components());
      assertEquals(List.of(), wi.graph().cycles("files", 10, 0, "no/such/File.java").cycles());
    }
  }

  @Test
  void gitHistoryWeightsHotspotsByChangeFrequency() throws Exception {
    Path ws = tmp.resolve("repo");
    try (WorkspaceIndex wi = index(ws, "java")) {
      String p1 = GraphFixture.file("java", "clusterP1");
      String q1 = GraphFixture.file("java", "clusterQ1");
      // Not a repository yet: a note, and the plain ranking (the two bridge ends tie at 2 x 3, P1 first).
      GraphResults.HotspotsResult plain = wi.graph().hotspots(2, 0, 50);
      assertTrue(plain.weighting().startsWith("not weighted: ") && plain.weighting().contains("not in a git repository"),
          plain.weighting());
      assertEquals(List.of(p1, q1), plain.files().stream().map(Hotspot::name).toList());
      assertNull(plain.files().get(0).changes());
      assertEquals(6, plain.files().get(1).score());

      git(ws, "init", "-q");
      git(ws, "add", "-A");
      git(ws, "commit", "-q", "-m", "all");
      for (int i = 0; i < 2; i++) {
        Files.writeString(ws.resolve(q1), Files.readString(ws.resolve(q1)) + "// change " + i + "\n");
        git(ws, "commit", "-q", "-a", "-m", "change " + i);
      }
      GraphResults.HotspotsResult weighted = wi.graph().hotspots(2, 0, 50);
      assertEquals("weighted by git: 3 commits read (at most 50 per root), 17 files changed", weighted.weighting());
      assertEquals(List.of(q1, p1), weighted.files().stream().map(Hotspot::name).toList());
      assertEquals(3, weighted.files().get(0).changes());
      assertEquals(6 * 4, weighted.files().get(0).score());
      assertEquals(6 * 2, weighted.files().get(1).score());
      assertTrue(weighted.symbols().get(0).name().endsWith("clusterQ1"), weighted.symbols().toString());
      // A bounded history: the last commit alone touched only Q1.
      GraphResults.HotspotsResult last = wi.graph().hotspots(20, 0, 1);
      assertTrue(last.weighting().startsWith("weighted by git: 1 commit read"), last.weighting());
      assertEquals(1, last.files().stream().filter(h -> h.changes() > 0).count());
      assertEquals(wi.graph().hotspots(2, 0, 50), weighted, "same history, same answer");
    }
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Vcr Test", "-c", "user.email=test@example.invalid",
        "-c", "commit.gpgsign=false", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
  }

  private static List<DefHit> fn(CodeGraph g, String name) {
    List<DefHit> found = g.find(name).stream().filter(d -> d.definition().kind().isCallable()).toList();
    assertEquals(1, found.size(), name + ": " + found);
    return found;
  }

  private static List<List<String>> names(List<CallPath> paths) {
    return paths.stream().map(p -> p.nodes().stream().map(SymbolRef::name).toList()).toList();
  }
}
