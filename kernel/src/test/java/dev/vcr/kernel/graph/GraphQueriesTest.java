package dev.vcr.kernel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vcr.kernel.WorkspaceIndex;
import dev.vcr.kernel.graph.GraphResults.CallPath;
import dev.vcr.kernel.graph.GraphResults.Cluster;
import dev.vcr.kernel.graph.GraphResults.Cycle;
import dev.vcr.kernel.graph.GraphResults.Hop;
import dev.vcr.kernel.graph.GraphResults.ImpactResult;
import dev.vcr.kernel.graph.GraphResults.SymbolRef;
import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.ingest.IndexOptions;
import dev.vcr.kernel.ingest.Indexer;
import dev.vcr.kernel.ingest.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The graph queries on {@link GraphFixture}'s workspaces, whose answers are known by construction. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphQueriesTest {
  @TempDir static Path tmp;
  private final Map<String, WorkspaceIndex> indexes = new TreeMap<>();

  private CodeGraph graph(String lang) throws Exception {
    WorkspaceIndex wi = indexes.get(lang);
    if (wi == null) {
      Path ws = tmp.resolve(lang + "/ws");
      GraphFixture.write(ws, lang);
      wi = WorkspaceIndex.open(Workspace.of(ws), tmp.resolve(lang + "/index"), IndexOptions.defaults());
      wi.refresh(Indexer.Progress.NONE, () -> false);
      indexes.put(lang, wi);
    }
    return wi.graph();
  }

  @AfterAll
  void close() {
    indexes.values().forEach(WorkspaceIndex::close);
  }

  private static List<DefHit> fn(CodeGraph g, String lang, String name) {
    List<DefHit> found = g.find(name).stream().filter(d -> d.definition().kind().isCallable()).toList();
    assertEquals(1, found.size(), lang + ": one function " + name + ": " + found);
    assertEquals(GraphFixture.file(lang, name), found.get(0).path());
    return found;
  }

  private static List<List<String>> hopNames(ImpactResult r) {
    List<List<String>> out = new ArrayList<>();
    for (Hop h : r.hops()) {
      out.add(h.nodes().stream().map(n -> n.symbol().name()).toList());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "python", "typescript", "c"})
  void impactOfTheChainEndIsTheChainByHop(String lang) throws Exception {
    CodeGraph g = graph(lang);
    ImpactResult r = g.impact(fn(g, lang, "chainD"), 5, 100, false);
    assertEquals(List.of(List.of("chainC"), List.of("chainB"), List.of("chainA")), hopNames(r));
    assertEquals(3, r.total());
    assertFalse(r.truncated());
    assertEquals(1, r.hops().get(0).perFile().get(GraphFixture.file(lang, "chainC")));
    GraphResults.Edge via = r.hops().get(0).nodes().get(0).via().get(0);
    assertEquals("call", via.role());
    assertEquals("exact", via.confidence(), "how " + lang + " links the call");
    // Bounded: by depth, then by the result limit; both say truncated.
    ImpactResult shallow = g.impact(fn(g, lang, "chainD"), 1, 100, false);
    assertEquals(List.of(List.of("chainC")), hopNames(shallow));
    assertTrue(shallow.truncated());
    ImpactResult few = g.impact(fn(g, lang, "chainD"), 5, 2, false);
    assertEquals(2, few.total());
    assertTrue(few.truncated());
    assertEquals(2, few.cursor());
    // Pages of one: each continues where the previous one's cursor says, and the last has none.
    ImpactResult second = g.impact(fn(g, lang, "chainD"), 5, 1, 1, false);
    assertEquals(List.of(List.of("chainB")), hopNames(second));
    assertEquals(2, second.hops().get(0).depth());
    assertEquals(2, second.cursor());
    ImpactResult last = g.impact(fn(g, lang, "chainD"), 5, 1, 2, false);
    assertEquals(List.of(List.of("chainA")), hopNames(last));
    assertEquals(null, last.cursor());
    assertFalse(last.truncated());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "python", "typescript", "c"})
  void impactOfTheDiamondBottomMeetsAtTheTopOnce(String lang) throws Exception {
    CodeGraph g = graph(lang);
    ImpactResult r = g.impact(fn(g, lang, "diamondBottom"), 5, 100, false);
    assertEquals(List.of(List.of("diamondLeft", "diamondRight"), List.of("diamondTop")), hopNames(r));
    // The top is reached from both sides: two edges into the previous hop.
    assertEquals(2, r.hops().get(1).nodes().get(0).via().size());
    assertEquals(g.impact(fn(g, lang, "diamondBottom"), 5, 100, false), r, "same index, same answer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "python", "typescript", "c"})
  void impactAroundACycleEnds(String lang) throws Exception {
    CodeGraph g = graph(lang);
    ImpactResult r = g.impact(fn(g, lang, "cycleX"), 50, 100, false);
    assertEquals(List.of(List.of("cycleZ"), List.of("cycleY")), hopNames(r));
    assertFalse(r.truncated());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "typescript", "c"})
  void exactOnlyKeepsResolvedEdges(String lang) throws Exception {
    CodeGraph g = graph(lang);
    assertEquals(3, g.impact(fn(g, lang, "chainD"), 5, 100, true).total());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "python", "typescript", "c"})
  void pathsThroughTheDiamondAreTheTwoShortest(String lang) throws Exception {
    CodeGraph g = graph(lang);
    GraphResults.PathsResult r = g.paths(fn(g, lang, "diamondTop"), fn(g, lang, "diamondBottom"), 5, 6, 1000);
    List<List<String>> paths = r.paths().stream()
        .map(p -> p.nodes().stream().map(SymbolRef::name).toList()).toList();
    assertEquals(List.of(List.of("diamondTop", "diamondLeft", "diamondBottom"),
        List.of("diamondTop", "diamondRight", "diamondBottom")), paths);
    assertFalse(r.truncated());
    CallPath first = r.paths().get(0);
    assertEquals(2, first.length());
    assertEquals(2, first.sites().size());
    assertTrue(first.sites().get(0).startsWith(GraphFixture.file(lang, "diamondTop") + ":"), first.sites().toString());

    GraphResults.PathsResult one = g.paths(fn(g, lang, "diamondTop"), fn(g, lang, "diamondBottom"), 1, 6, 1000);
    assertEquals(1, one.paths().size());
    assertTrue(one.truncated());
    // The chain is three calls long: not within two.
    assertEquals(List.of(), g.paths(fn(g, lang, "chainA"), fn(g, lang, "chainD"), 3, 2, 1000).paths());
    assertEquals(3, g.paths(fn(g, lang, "chainA"), fn(g, lang, "chainD"), 3, 3, 1000).paths().get(0).length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "python", "typescript", "c"})
  void theThreeFileCycleIsAComponentClosedByOneEdge(String lang) throws Exception {
    CodeGraph g = graph(lang);
    String x = GraphFixture.file(lang, "cycleX");
    String y = GraphFixture.file(lang, "cycleY");
    String z = GraphFixture.file(lang, "cycleZ");
    GraphResults.CyclesResult files = g.cycles("files", 100);
    Cycle c = files.cycles().stream().filter(k -> k.members().contains(x)).findFirst().orElseThrow();
    assertEquals(List.of(x, y, z), c.members());
    assertEquals(3, c.edgeCount());
    assertEquals(1, c.closing().size());
    assertEquals(z, c.closing().get(0).from());
    assertEquals(x, c.closing().get(0).to());
    assertEquals(List.of(x, y, z), c.shortestCycle());
    // The two clusters are cycles too; the chain and the diamond are not.
    assertEquals(3, files.components(), "components: " + files.cycles().stream().map(Cycle::members).toList());

    GraphResults.CyclesResult calls = g.cycles("calls", 100);
    Cycle cc = calls.cycles().stream().filter(k -> k.members().get(0).startsWith(x)).findFirst().orElseThrow();
    assertEquals(List.of("cycleX", "cycleY", "cycleZ"), cc.symbols().stream().map(SymbolRef::name).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "python", "typescript", "c"})
  void clustersSplitAtTheBridge(String lang) throws Exception {
    CodeGraph g = graph(lang);
    GraphResults.ClustersResult r = g.clusters(100);
    Set<String> p = Set.of(GraphFixture.file(lang, "clusterP1"), GraphFixture.file(lang, "clusterP2"), GraphFixture.file(lang, "clusterP3"));
    Set<String> q = Set.of(GraphFixture.file(lang, "clusterQ1"), GraphFixture.file(lang, "clusterQ2"), GraphFixture.file(lang, "clusterQ3"));
    Cluster cp = r.groups().stream().filter(c -> c.files().containsAll(p)).findFirst().orElseThrow(() -> new AssertionError(r));
    Cluster cq = r.groups().stream().filter(c -> c.files().containsAll(q)).findFirst().orElseThrow(() -> new AssertionError(r));
    assertEquals(p, new TreeSet<>(cp.files()));
    assertEquals(q, new TreeSet<>(cq.files()));
    List<GraphResults.ClusterLink> bridge = r.links().stream()
        .filter(l -> Set.of(l.from(), l.to()).equals(Set.of(cp.id(), cq.id()))).toList();
    assertEquals(1, bridge.size());
    assertEquals(1, bridge.get(0).edges());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "python", "typescript", "c"})
  void hotspotsRankTheBridgeEnds(String lang) throws Exception {
    CodeGraph g = graph(lang);
    GraphResults.HotspotsResult r = g.hotspots(5);
    Set<String> ends = Set.of(GraphFixture.file(lang, "clusterP1"), GraphFixture.file(lang, "clusterQ1"));
    assertEquals(ends, Set.of(r.files().get(0).name(), r.files().get(1).name()), r.files().toString());
    assertEquals(6, r.files().get(0).score());
    assertTrue(Set.of("clusters.ClusterP1.clusterP1", "clusters.ClusterQ1.clusterQ1", "clusterP1", "clusterQ1")
        .contains(r.symbols().get(0).name()) || r.symbols().get(0).name().endsWith("clusterP1")
        || r.symbols().get(0).name().endsWith("clusterQ1"), r.symbols().toString());
    assertEquals(5, r.symbols().size());
    assertTrue(r.truncated());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "python", "typescript", "c"})
  void statsDetailAndContext(String lang) throws Exception {
    CodeGraph g = graph(lang);
    GraphResults.StatsResult stats = g.stats();
    assertEquals(GraphFixture.CALLS.size(), stats.files());
    String id = lang.equals("c") ? "c" : lang;
    assertEquals(GraphFixture.CALLS.size(), stats.languages().get(id).files());
    int callables = stats.languages().get(id).definitions().getOrDefault(lang.equals("java") ? "method" : "function", 0);
    assertEquals(GraphFixture.CALLS.size(), callables, stats.languages().toString());

    DefHit left = fn(g, lang, "diamondLeft").get(0);
    GraphResults.Detail d = g.detail(left);
    assertEquals("Left branch.", d.doc());
    assertTrue(d.signature().contains("diamondLeft("), d.signature());
    assertFalse(d.signature().contains("n = 0"), d.signature());
    assertEquals(1, d.callers());
    assertEquals(1, d.callees());

    GraphResults.ContextResult all = g.context(left, 10_000);
    assertEquals(List.of("focus", "caller", "callee"), all.items().stream().map(GraphResults.ContextItem::role).toList());
    assertEquals("diamondTop", all.items().get(1).symbol().name());
    assertEquals("diamondBottom", all.items().get(2).symbol().name());
    assertTrue(all.items().get(0).text().contains("diamondBottom()"));
    int sum = all.items().stream().mapToInt(GraphResults.ContextItem::tokens).sum();
    assertEquals(sum, all.budget().used());
    assertEquals(10_000 - sum, all.budget().remaining());
    assertEquals(0, all.budget().dropped());

    GraphResults.ContextResult tight = g.context(left, 8);
    assertEquals(1, tight.items().size());
    assertTrue(tight.items().get(0).cut());
    assertTrue(tight.budget().used() <= 8);
    assertEquals(2, tight.budget().dropped());
    assertNotNull(tight.droppedItems());
  }

  @ParameterizedTest
  @ValueSource(strings = {"typescript"})
  void picturesDrawTheAnswer(String lang) throws Exception {
    CodeGraph g = graph(lang);
    String dot = Pictures.impact(g.impact(fn(g, lang, "diamondBottom"), 5, 100, false), "dot");
    assertTrue(dot.startsWith("digraph impact {"), dot);
    assertTrue(dot.contains("\"diamond/diamondTop.ts:4:17\" -> \"diamond/diamondLeft.ts:4:17\" [label=\"call\"];"), dot);
    assertEquals(4, dot.lines().filter(l -> l.contains(" -> ")).count(), dot);
    String mermaid = Pictures.paths(g.paths(fn(g, lang, "diamondTop"), fn(g, lang, "diamondBottom"), 5, 5, 100), "mermaid");
    assertEquals(String.join("\n", "flowchart LR",
        "  n0[\"diamondTop\"]", "  n1[\"diamondLeft\"]", "  n2[\"diamondBottom\"]", "  n3[\"diamondRight\"]",
        "  n0 -->|\"call\"| n1", "  n1 -->|\"call\"| n2", "  n0 -->|\"call\"| n3", "  n3 -->|\"call\"| n2", ""), mermaid);
    String cycles = Pictures.cycles(g.cycles("files", 10), "dot");
    assertEquals(3, cycles.lines().filter(l -> l.contains("subgraph cluster_")).count(), cycles);
    // Closing edges: 3 in each complete triangle of files (from the first member: 2 back to it, 1 between the others), 1 in the cycle.
    assertEquals(7, cycles.lines().filter(l -> l.contains("style=dashed")).count(), cycles);
  }

  static String names(List<SymbolRef> refs) {
    return refs.stream().map(SymbolRef::name).collect(Collectors.joining(","));
  }
}
